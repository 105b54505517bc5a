import type { ConsultationExport, ExportView, PersonalDataExport, RemovalCancelledView, RemovalDoneView, RemovalPreviewView } from '../../services/domain/data-protection.js';
import { formatLondon } from '../../services/domain/format.js';
import { buildNotice } from '../notice.card.js';
import exportPartTemplate from '../templates/data-protection-export-part.json' with { type: 'json' };
import exportTemplate from '../templates/data-protection-export.json' with { type: 'json' };
import removeTemplate from '../templates/data-protection-remove.json' with { type: 'json' };
import removedTemplate from '../templates/data-protection-removed.json' with { type: 'json' };
import { expand, type AdaptiveCard } from '../render.js';
import { ROLE_WORDS } from './words.js';

/** Teams refuses messages over about 28 KB; a part of this many characters fits with room to spare. */
export const EXPORT_PART_CHARS = 12_000;
/** More parts than this is not a reply any more; the rest is exported from the store. */
export const EXPORT_MAX_PARTS = 8;

const isConsultationExport = (r: unknown): r is ConsultationExport =>
  typeof r === 'object' && r !== null && (r as { kind?: unknown }).kind === 'consultation' && Array.isArray((r as { roles?: unknown }).roles);

/** The export as the person receives it: JSON, with their part in each consultation in words. */
export function exportJson(document: PersonalDataExport): string {
  const worded = {
    ...document,
    sections: document.sections.map((s) => ({ ...s, records: s.records.map((r) => (isConsultationExport(r) ? { ...r, roles: r.roles.map((role) => ROLE_WORDS[role]) } : r)) })),
  };
  return JSON.stringify(worded, null, 1);
}

const withRecords = (sections: { store: string; count: number }[]) => sections.map((s) => ({ store: s.store, records: s.count }));

/** The data protection presenter: every word of the export and removal cards, from the use cases' outcomes. */
export const presentDataProtection = {
  /** The summary card with the first part of the JSON, then one card per further part. */
  export(view: ExportView): AdaptiveCard[] {
    const json = exportJson(view.document);
    const chunks: string[] = [];
    for (let at = 0; at < json.length && chunks.length < EXPORT_MAX_PARTS; at += EXPORT_PART_CHARS) {
      chunks.push(json.slice(at, at + EXPORT_PART_CHARS));
    }
    const shown = chunks.reduce((n, c) => n + c.length, 0);
    const first = expand(exportTemplate, {
      personName: view.personName,
      personId: view.personId,
      exportedText: formatLondon(new Date(view.exportedAt)),
      sections: withRecords(view.sections),
      parts: chunks.length,
      truncated: shown < json.length,
      total: json.length,
      shown,
      chunk: chunks[0] ?? '',
    });
    const rest = chunks.slice(1).map((chunk, i) =>
      expand(exportPartTemplate, { personName: view.personName, part: i + 2, parts: chunks.length, chunk }),
    );
    return [first, ...rest];
  },

  removalPreview(view: RemovalPreviewView): AdaptiveCard {
    return expand(removeTemplate, { ...view, sections: withRecords(view.sections) });
  },

  removed(view: RemovalDoneView): AdaptiveCard {
    return expand(removedTemplate, { ...view, sections: withRecords(view.sections) });
  },

  cancelled({ personName }: RemovalCancelledView): AdaptiveCard {
    return buildNotice({ title: 'Nothing was removed', text: `${personName} stays in the directory, and nothing was changed.` });
  },
};
