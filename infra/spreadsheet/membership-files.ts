import { fromCsv, partnershipFromTables, tablesFromPartnership, toCsv } from '../../services/domain/membership-sheet.js';
import { returnsFromTables, returnsTables } from '../../services/domain/membership-sheet/returns-sheets.js';
import type { MembershipProblem } from '../../services/domain/membership-problems.js';
import type { ConfigProblem } from '../../services/domain/partnership-problems.js';
import { parsePartnership } from '../../services/domain/partnership-schema.js';
import { DomainError } from '../../services/domain/errors.js';
import type { MembershipFiles, MembershipFormat } from '../../services/ports/membership.js';
import { readWorkbook, writeWorkbook } from './xlsx.js';

const CONTENT_TYPES: Record<MembershipFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};

/** The membership as a spreadsheet (XLSX, or CSV of sections) or as the partnership JSON. */
export const membershipFiles: MembershipFiles = {
  async read(format, bytes) {
    if (format === 'json') return readJson(bytes);
    if (format === 'csv') {
      const read = fromCsv(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
      return read.problems.length ? { problems: read.problems } : partnershipFromTables(read.tables);
    }
    const read = await readWorkbook(bytes);
    if (read.problems.length) return { problems: read.problems };
    const membership = partnershipFromTables(read.tables);
    if (!membership.partnership) return membership;
    // The returns framework's sheets (XLSX only): absent, the stored framework stays.
    const framework = returnsFromTables(read.returnsTables, membership.partnership);
    if (framework.problems.length) return { problems: framework.problems };
    return { partnership: { ...membership.partnership, ...(framework.returns ? { returns: framework.returns } : {}) }, problems: [] };
  },

  async write(format, partnership) {
    const base = `${partnership.id}-members`;
    if (format === 'json') {
      return { bytes: new TextEncoder().encode(`${JSON.stringify(partnership, null, 2)}\n`), contentType: CONTENT_TYPES.json, filename: `${base}.json` };
    }
    const tables = tablesFromPartnership(partnership);
    const bytes = format === 'xlsx' ? await writeWorkbook([...tables, ...returnsTables(partnership.returns)]) : new TextEncoder().encode(toCsv(tables));
    return { bytes, contentType: CONTENT_TYPES[format], filename: `${base}.${format}` };
  },
};

function readJson(bytes: Uint8Array): { partnership?: ReturnType<typeof parsePartnership>; problems: MembershipProblem[] } {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ''));
  } catch {
    return { problems: [{ field: 'file', code: 'config.not-json' }] };
  }
  try {
    return { partnership: parsePartnership(json), problems: [] };
  } catch (err) {
    if (!(err instanceof DomainError) || err.code !== 'PARTNERSHIP.INVALID') throw err;
    return { problems: err.details?.problems as ConfigProblem[] };
  }
}
