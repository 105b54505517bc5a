import { close, fdatasync, openSync, write } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const writeAsync = promisify(write);
const datasyncAsync = promisify(fdatasync);
const closeAsync = promisify(close);

/**
 * The embedded store's write-ahead journal: one file per segment (`journal-<n>.log`), records
 * appended as [length u32][crc32 u32][JSON], flushed with fdatasync before the write they describe
 * is acknowledged. Writes that arrive while a flush runs share the next one (group commit).
 */

const HEADER = 8;
/** No record is anywhere near this; a larger length means the bytes are not a record. */
const MAX_RECORD = 256 * 1024 * 1024;

export const segmentName = (seq: number) => `journal-${String(seq).padStart(8, '0')}.log`;
export const SEGMENT_PATTERN = /^journal-(\d{8})\.log$/;

export class JournalSegment {
  private pending: Buffer[] = [];
  private waiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
  private flushing: Promise<void> | undefined;
  private failed: Error | undefined;
  bytes = 0;
  records = 0;

  private dirSynced = false;

  private constructor(
    readonly seq: number,
    readonly path: string,
    private readonly fd: number,
  ) {}

  /**
   * Opens (synchronously, so that a checkpoint switches segments between two writes) a segment
   * for appending; an existing one (a crash before any record) is appended to.
   */
  static openSync(path: string, seq: number): JournalSegment {
    return new JournalSegment(seq, path, openSync(path, 'a'));
  }

  /** Resolves once the record is on disk. */
  append(record: unknown): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    this.pending.push(encodeRecord(record));
    this.records++;
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.flushing ??= this.flushLoop();
    return done;
  }

  /** Waits until everything appended so far is on disk. */
  async settled(): Promise<void> {
    while (this.flushing) await this.flushing.catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.settled();
    await closeAsync(this.fd);
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length) {
        const batch = Buffer.concat(this.pending.splice(0));
        const waiters = this.waiters.splice(0);
        try {
          for (let at = 0; at < batch.length; ) at += (await writeAsync(this.fd, at ? batch.subarray(at) : batch)).bytesWritten;
          await datasyncAsync(this.fd);
          if (!this.dirSynced) {
            // The segment's name must survive a crash too.
            await syncDirectory(dirname(this.path));
            this.dirSynced = true;
          }
          this.bytes += batch.length;
          for (const w of waiters) w.resolve();
        } catch (err) {
          this.failed = err as Error;
          for (const w of [...waiters, ...this.waiters.splice(0)]) w.reject(this.failed);
          this.pending = [];
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }
}

export function encodeRecord(record: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(record));
  const out = Buffer.allocUnsafe(HEADER + body.length);
  out.writeUInt32LE(body.length, 0);
  out.writeUInt32LE(crc32(body), 4);
  body.copy(out, HEADER);
  return out;
}

export interface SegmentContents {
  records: unknown[];
  /** Bytes at the end that are not a whole record: a write cut short by a crash, never acknowledged. */
  tornBytes: number;
}

/**
 * Reads a segment's records. A last record cut short (or failing its checksum where the file ends)
 * is a write that was never acknowledged and is dropped; a bad record followed by more data is damage.
 */
export async function readSegment(path: string): Promise<SegmentContents> {
  const buf = await readFile(path);
  const records: unknown[] = [];
  let at = 0;
  while (at < buf.length) {
    if (buf.length - at < HEADER) return { records, tornBytes: buf.length - at };
    const length = buf.readUInt32LE(at);
    const sum = buf.readUInt32LE(at + 4);
    const end = at + HEADER + length;
    if (length > MAX_RECORD) throw new JournalDamage(at);
    if (end > buf.length) return { records, tornBytes: buf.length - at };
    const body = buf.subarray(at + HEADER, end);
    if (crc32(body) !== sum) {
      if (end === buf.length) return { records, tornBytes: buf.length - at };
      throw new JournalDamage(at);
    }
    try {
      records.push(JSON.parse(body.toString('utf8')));
    } catch {
      throw new JournalDamage(at);
    }
    at = end;
  }
  return { records, tornBytes: 0 };
}

export class JournalDamage extends Error {
  constructor(readonly offset: number) {
    super(`a record at byte ${offset} fails its checksum and more records follow it`);
  }
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
