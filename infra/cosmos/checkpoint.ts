import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';

/**
 * A checkpoint: the whole embedded store at the end of one journal segment, as lines of JSON
 * (a header, one line per document, a trailer with the count and a SHA-256 of everything before
 * it), so that it is written in small steps without pausing the server, and a file cut short or
 * overwritten is recognised rather than half-loaded.
 */

export const CHECKPOINT_FORMAT = 'quorum-checkpoint';

export interface ContainerDef {
  id: string;
  partitionKey?: unknown;
  indexingPolicy?: unknown;
  defaultTtl?: number | null;
  uniqueKeyPolicy?: unknown;
}

export type Doc = Record<string, unknown> & { id: string };

export interface StoreImage {
  /** The last journal segment the image includes. */
  seq: number;
  databases: { id: string; containers: { definition: ContainerDef; docs: Doc[] }[] }[];
}

/** What a checkpoint is written from: the documents may be read as they are written. */
export interface StoreImageSource {
  seq: number;
  databases: { id: string; containers: { definition: ContainerDef; docs: Iterable<Doc> }[] }[];
}

export interface CheckpointHeader {
  format: typeof CHECKPOINT_FORMAT;
  version: 2;
  seq: number;
  savedAt: string;
  databases: { id: string; containers: ContainerDef[] }[];
}

interface Trailer {
  end: true;
  documents: number;
  sha256: string;
}

/** Why a data file cannot be read, in words that never quote its contents. */
export class UnreadableDataFile extends Error {}

/** The longest the event loop is held between two turns for requests while a checkpoint is written (ms). */
const SLICE_MS = 4;
/** Lines are written to the file in pieces of about this size. */
const WRITE_BYTES = 256 * 1024;
const SKIP = new Set(['_rid', '_self']);
/** The document without the server's own ids (a restore assigns new ones); nested fields untouched. */
export function docJson(doc: Doc): string {
  // A shallow copy and a plain stringify: a replacer function would be called for every nested value.
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(doc)) if (!SKIP.has(key)) copy[key] = doc[key];
  return JSON.stringify(copy);
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes `image` to `path` (fsynced; the caller renames it into place) in slices of a few
 * milliseconds, each followed by a turn of the event loop (setImmediate), so requests are never held
 * up for long. `keep` leaves out documents (expired ones). Returns the documents written.
 */
export async function writeCheckpoint(path: string, image: StoreImageSource, keep: (containerDef: ContainerDef, doc: Doc) => boolean): Promise<number> {
  const hash = createHash('sha256');
  const file = await open(path, 'w');
  let count = 0;
  try {
    const header: CheckpointHeader = {
      format: CHECKPOINT_FORMAT,
      version: 2,
      seq: image.seq,
      savedAt: new Date().toISOString(),
      databases: image.databases.map((db) => ({ id: db.id, containers: db.containers.map((c) => c.definition) })),
    };
    const put = async (text: string) => {
      const buf = Buffer.from(text);
      hash.update(buf);
      await file.write(buf);
    };
    await put(`${JSON.stringify(header)}\n`);
    for (const [d, db] of image.databases.entries()) {
      for (const [c, container] of db.containers.entries()) {
        let lines: string[] = [];
        let bytes = 0;
        let slice = performance.now();
        for (const doc of container.docs) {
          if (performance.now() - slice >= SLICE_MS) {
            await nextTurn();
            slice = performance.now();
          }
          if (!keep(container.definition, doc)) continue;
          const line = `[${d},${c},${docJson(doc)}]\n`;
          lines.push(line);
          bytes += line.length;
          count++;
          if (bytes >= WRITE_BYTES) {
            await put(lines.join(''));
            lines = [];
            bytes = 0;
            slice = performance.now();
          }
        }
        if (lines.length) await put(lines.join(''));
      }
    }
    const trailer: Trailer = { end: true, documents: count, sha256: hash.digest('hex') };
    await file.write(`${JSON.stringify(trailer)}\n`);
    await file.datasync();
  } finally {
    await file.close();
  }
  return count;
}

/** Reads and verifies a checkpoint, or throws UnreadableDataFile saying what is wrong with it. */
export async function readCheckpoint(path: string): Promise<StoreImage> {
  const buf = await readFile(path);
  if (buf.length === 0) throw new UnreadableDataFile('is empty');
  const body = buf.at(-1) === 0x0a ? buf.subarray(0, -1) : buf;
  const lastBreak = body.lastIndexOf(0x0a);
  const firstBreak = body.indexOf(0x0a);
  const header = firstBreak > 0 ? parseLine(body.subarray(0, firstBreak)) : parseLine(body);
  if (!isHeader(header)) throw new UnreadableDataFile('is not a Quorum checkpoint (its first line is not a checkpoint header)');
  if (lastBreak < 0) throw new UnreadableDataFile('ends before its last record (it was cut short)');
  const trailer = parseLine(body.subarray(lastBreak + 1));
  if (!isTrailer(trailer)) throw new UnreadableDataFile('ends before its last record (it was cut short)');
  const content = buf.subarray(0, lastBreak + 1);
  if (createHash('sha256').update(content).digest('hex') !== trailer.sha256) {
    throw new UnreadableDataFile('does not match its checksum (it was changed or damaged after it was written)');
  }
  const image: StoreImage = {
    seq: header.seq,
    databases: header.databases.map((db) => ({ id: db.id, containers: db.containers.map((definition) => ({ definition, docs: [] as Doc[] })) })),
  };
  let count = 0;
  // Line by line from the buffer: the whole file as one string, then split, would hold it twice more.
  for (let start = firstBreak + 1, end = content.length; start < end; ) {
    const lineEnd = content.indexOf(0x0a, start);
    const stop = lineEnd < 0 ? end : lineEnd;
    const line = stop > start ? content.toString('utf8', start, stop) : '';
    start = stop + 1;
    if (!line) continue;
    const entry = parseLine(line) as [number, number, Doc] | undefined;
    const target = Array.isArray(entry) ? image.databases[entry[0]]?.containers[entry[1]] : undefined;
    if (!target || !entry?.[2] || typeof entry[2].id !== 'string') throw new UnreadableDataFile(`has a document line that is not a document`);
    target.docs.push(entry[2]);
    count++;
  }
  if (count !== trailer.documents) throw new UnreadableDataFile(`holds ${count} documents where its trailer says ${trailer.documents}`);
  return image;
}

/** The store as the earlier whole-store snapshot (`cosmos.json`, version 1) kept it. */
export async function readLegacySnapshot(path: string): Promise<StoreImage> {
  const text = await readFile(path, 'utf8');
  if (!text.trim()) throw new UnreadableDataFile('is empty');
  let snapshot: unknown;
  try {
    snapshot = JSON.parse(text);
  } catch {
    // The parser's message quotes the file; it must not reach the output.
    throw new UnreadableDataFile('is not valid JSON (it was cut short or overwritten)');
  }
  const s = snapshot as { version?: unknown; databases?: { id?: unknown; containers?: { definition?: ContainerDef; items?: Doc[] }[] }[] };
  if (!s || typeof s !== 'object' || s.version !== 1 || !Array.isArray(s.databases)) {
    throw new UnreadableDataFile('is not a Quorum snapshot (no version 1 header)');
  }
  if (s.databases.length === 0) throw new UnreadableDataFile('holds no database at all (a snapshot Quorum wrote always holds one)');
  return {
    seq: 0,
    databases: s.databases.map((db) => {
      if (typeof db.id !== 'string' || !Array.isArray(db.containers)) throw new UnreadableDataFile('has a database without an id or containers');
      return {
        id: db.id,
        containers: db.containers.map((c) => {
          if (!c.definition || typeof c.definition.id !== 'string' || !Array.isArray(c.items)) {
            throw new UnreadableDataFile('has a container without a definition or items');
          }
          return { definition: c.definition, docs: c.items };
        }),
      };
    }),
  };
}

function parseLine(line: Buffer | string): unknown {
  try {
    return JSON.parse(typeof line === 'string' ? line : line.toString('utf8'));
  } catch {
    return undefined;
  }
}

function isHeader(value: unknown): value is CheckpointHeader {
  const h = value as CheckpointHeader | undefined;
  return (
    !!h &&
    typeof h === 'object' &&
    h.format === CHECKPOINT_FORMAT &&
    h.version === 2 &&
    Number.isInteger(h.seq) &&
    Array.isArray(h.databases) &&
    h.databases.every((db) => typeof db?.id === 'string' && Array.isArray(db.containers) && db.containers.every((c) => typeof c?.id === 'string'))
  );
}

function isTrailer(value: unknown): value is Trailer {
  const t = value as Trailer | undefined;
  return !!t && typeof t === 'object' && t.end === true && Number.isInteger(t.documents) && typeof t.sha256 === 'string';
}
