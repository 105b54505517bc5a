import { copyFile, readdir, rename, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { readCheckpoint, readLegacySnapshot, UnreadableDataFile } from './checkpoint.js';
import { DATA_FILES } from './embedded.js';
import { JournalDamage, readSegment, SEGMENT_PATTERN, segmentName, syncDirectory } from './journal.js';

/** What one file of a data folder holds, or what is wrong with it. Never its contents. */
export interface FileReport {
  file: string;
  ok: boolean;
  detail: string;
  /** For checkpoints: the last journal segment they include. */
  seq?: number;
  /** For a journal segment damaged in the middle: where the damage starts. */
  damagedAt?: number;
}

export interface FolderReport {
  dir: string;
  files: FileReport[];
  /** Whether Quorum would start on the folder as it is. */
  startable: boolean;
  summary: string;
}

export async function checkDataFolder(dir: string): Promise<FolderReport> {
  const names = await readdir(dir).catch(() => undefined);
  if (!names) return { dir, files: [], startable: true, summary: `${dir} does not exist: Quorum will start empty and load the sample partnership.` };
  const files: FileReport[] = [];
  const checkpoint = await checkCheckpoint(dir, DATA_FILES.checkpoint, names);
  const previous = await checkCheckpoint(dir, DATA_FILES.previous, names);
  if (checkpoint) files.push(checkpoint);
  if (previous) files.push(previous);
  if (names.includes(DATA_FILES.legacy)) {
    try {
      const image = await readLegacySnapshot(join(dir, DATA_FILES.legacy));
      files.push({ file: DATA_FILES.legacy, ok: true, detail: `an earlier snapshot with ${count(image.databases)} documents`, seq: 0 });
    } catch (err) {
      if (!(err instanceof UnreadableDataFile)) throw err;
      files.push({ file: DATA_FILES.legacy, ok: false, detail: err.message });
    }
  }
  const base = checkpoint ?? previous ?? files.find((f) => f.file === DATA_FILES.legacy);
  for (const seq of segments(names)) {
    if (base?.ok && base.seq !== undefined && seq <= base.seq && base === checkpoint) continue;
    const name = segmentName(seq);
    try {
      const { records, tornBytes } = await readSegment(join(dir, name));
      files.push({ file: name, ok: true, detail: `${records.length} journal records${tornBytes ? `, and ${tornBytes} bytes of a last write that never finished (ignored)` : ''}` });
    } catch (err) {
      if (!(err instanceof JournalDamage)) throw err;
      files.push({ file: name, ok: false, detail: `has a damaged record in the middle (${err.message})`, damagedAt: err.offset });
    }
  }
  const journalOk = files.filter((f) => SEGMENT_PATTERN.test(f.file)).every((f) => f.ok);
  const startable = (!base || base.ok) && journalOk;
  const summary = startable
    ? base
      ? `${dir} is readable: Quorum will start with everything it holds.`
      : `${dir} holds no data: Quorum will start empty and load the sample partnership.`
    : previous?.ok && checkpoint && !checkpoint.ok && journalOk
      ? `${join(dir, checkpoint.file)} ${checkpoint.detail}; the kept checkpoint is readable: run this again with --restore to go back to it (with the journal since it, nothing is lost).`
      : `${dir} cannot be started as it is: run this again with --restore to set the damaged parts aside and keep what can be read, or move the folder away to start again.`;
  return { dir, files, startable, summary };
}

/**
 * Puts the folder back into a state Quorum starts from: a damaged checkpoint is set aside and the
 * kept one (with the journal since it) takes its place; a journal segment damaged in the middle is
 * copied aside and cut at the damage. Returns what it did, one line each.
 */
export async function restoreDataFolder(dir: string, stamp = new Date().toISOString().replace(/[:.]/g, '-')): Promise<string[]> {
  const report = await checkDataFolder(dir);
  const done: string[] = [];
  const current = report.files.find((f) => f.file === DATA_FILES.checkpoint);
  const previous = report.files.find((f) => f.file === DATA_FILES.previous);
  if (current && !current.ok) {
    if (!previous?.ok) {
      throw new Error(`${join(dir, current.file)} ${current.detail}, and there is no readable kept checkpoint: move the folder away to start again.`);
    }
    const aside = `${DATA_FILES.checkpoint}.damaged-${stamp}`;
    await rename(join(dir, DATA_FILES.checkpoint), join(dir, aside));
    await copyFile(join(dir, DATA_FILES.previous), join(dir, DATA_FILES.checkpoint));
    done.push(`set ${DATA_FILES.checkpoint} aside as ${aside} and put the kept checkpoint (${DATA_FILES.previous}) in its place`);
  }
  for (const f of report.files) {
    if (f.ok || f.damagedAt === undefined) continue;
    const aside = `${f.file}.damaged-${stamp}`;
    await copyFile(join(dir, f.file), join(dir, aside));
    const size = (await stat(join(dir, f.file))).size;
    await truncate(join(dir, f.file), f.damagedAt);
    done.push(`cut ${f.file} at byte ${f.damagedAt} (the ${size - f.damagedAt} bytes after it could not be read; the whole file is kept as ${aside})`);
  }
  if (done.length) await syncDirectory(dir);
  return done;
}

async function checkCheckpoint(dir: string, name: string, names: string[]): Promise<FileReport | undefined> {
  if (!names.includes(name)) return undefined;
  try {
    const image = await readCheckpoint(join(dir, name));
    return { file: name, ok: true, detail: `a checkpoint with ${count(image.databases)} documents, up to journal segment ${image.seq}`, seq: image.seq };
  } catch (err) {
    if (!(err instanceof UnreadableDataFile)) throw err;
    return { file: name, ok: false, detail: err.message };
  }
}

const count = (databases: { containers: { docs: unknown[] }[] }[]) =>
  databases.reduce((n, db) => n + db.containers.reduce((m, c) => m + c.docs.length, 0), 0);

function segments(names: string[]): number[] {
  return names
    .map((n) => SEGMENT_PATTERN.exec(n)?.[1])
    .filter((s): s is string => !!s)
    .map(Number)
    .sort((a, b) => a - b);
}
