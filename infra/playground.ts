import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Microsoft 365 Agents Playground, the local Teams emulator, run as a child process for `npm start`
 * and the end-to-end tests (docs/e2e.md has what was learnt about it). Its config schema is strict
 * (no extra keys, exactly five `users`); a file that fails it makes the CLI print "Listening on"
 * and then exit without serving, with the reason only in devTools/*.log, so readiness is checked
 * on /_debug/ping rather than the port.
 */

export const PLAYGROUND_CONFIG_FILE = '.m365agentsplayground.yml';

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botEndpoint: string;
  /** Port to serve on; default: a free one. The CLI silently falls back to a random port if it is taken; `url` reports the real one. */
  port?: number;
  /** Working directory of the CLI: it reads `.m365agentsplayground.yml` and writes `devTools/` here. */
  workDir: string;
  /** Config written to `<workDir>/.m365agentsplayground.yml`; omitted: leave the directory as it is. */
  yml?: string;
  channelId?: 'msteams' | 'directline' | 'webchat' | 'emulator' | 'agents';
  /** The serviceUrl put into activities; default http://localhost:<port>/_connector. */
  serviceUrl?: string;
  /** How long to wait for the server to answer. Default 30 s. */
  startTimeoutMs?: number;
}

export interface Playground {
  /** http://127.0.0.1:<port>/ (a getter: changes if a restart lands on another port). */
  readonly url: string;
  readonly port: number;
  /** The CLI's captured stdout and stderr. */
  output(): string;
  /** Stop and start again, optionally with a new config: the only way to change the current user. Chats are lost; reload the page afterwards. */
  restart(opts?: { yml?: string }): Promise<void>;
  /** Kills the CLI's whole process group. Idempotent. */
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
const CLI = path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
const OUTPUT_LIMIT = 64 * 1024;

export async function startPlayground(opts: PlaygroundOptions): Promise<Playground> {
  const pg = new PlaygroundProcess(opts);
  if (opts.yml !== undefined) await pg.writeConfig(opts.yml);
  await pg.start(opts.port ?? (await freePort()));
  return pg;
}

class PlaygroundProcess implements Playground {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private buffer = '';
  private actualPort = 0;
  private logOffset = 0;
  private readonly killOnExit = () => {
    if (this.child?.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };

  constructor(private readonly opts: PlaygroundOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.actualPort}/`;
  }

  get port(): number {
    return this.actualPort;
  }

  output(): string {
    return this.buffer;
  }

  async writeConfig(yml: string): Promise<void> {
    await mkdir(this.opts.workDir, { recursive: true });
    await writeFile(path.join(this.opts.workDir, PLAYGROUND_CONFIG_FILE), yml);
  }

  async start(port: number): Promise<void> {
    const { workDir, botEndpoint } = this.opts;
    await mkdir(workDir, { recursive: true });
    const shimDir = await xdgOpenShim(workDir);
    const args = [CLI, '--app-endpoint', botEndpoint, '--channel-id', this.opts.channelId ?? 'msteams', '--port', String(port), '--disable-telemetry'];
    if (this.opts.serviceUrl) args.push('--service-url', this.opts.serviceUrl);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${shimDir}${path.delimiter}${process.env.PATH ?? ''}`,
      TEAMSAPPTESTER_BROWSER: 'none',
    };
    // These would override the command line or the config file in workDir.
    for (const key of ['M365_AGENTS_PLAYGROUND_CONFIG_PATH', 'BOT_ENDPOINT', 'DEFAULT_CHANNEL_ID', 'TEAMSAPPTESTER_PORT', 'M365_AGENTS_PLAYGROUND_SERVICE_URL']) {
      delete env[key];
    }

    this.buffer = '';
    this.logOffset = await stat(logFile(workDir)).then((s) => s.size, () => 0);
    const child = spawn(process.execPath, args, { cwd: workDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    process.once('exit', this.killOnExit);
    const append = (chunk: Buffer) => {
      this.buffer = (this.buffer + chunk.toString()).slice(-OUTPUT_LIMIT);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    let spawnError: Error | undefined;
    child.once('error', (err) => (spawnError = err));

    const deadline = Date.now() + (this.opts.startTimeoutMs ?? 30_000);
    try {
      while (true) {
        if (spawnError) throw spawnError;
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`exited early (code ${child.exitCode}, signal ${child.signalCode})`);
        }
        const listening = /Listening on (\d+)/.exec(this.buffer);
        // "Listening on" comes before the config is loaded; /_debug/ping answers only once it was.
        if (listening?.[1] && (await ping(Number(listening[1])))) {
          this.actualPort = Number(listening[1]);
          return;
        }
        if (Date.now() > deadline) throw new Error('timed out waiting for it to serve');
        await delay(100);
      }
    } catch (err) {
      await this.stop();
      throw new Error(`Playground did not start: ${(err as Error).message}\n--- output ---\n${this.buffer}${await logTail(workDir, this.logOffset)}`);
    }
  }

  async restart(opts: { yml?: string } = {}): Promise<void> {
    const port = this.actualPort;
    await this.stop();
    if (opts.yml !== undefined) await this.writeConfig(opts.yml);
    await this.start(port);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    process.removeListener('exit', this.killOnExit);
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, sig);
      } catch {
        // group already gone
      }
    };
    if (child.exitCode === null && child.signalCode === null) {
      signal('SIGTERM');
      const done = await Promise.race([this.exited.then(() => true), delay(5_000).then(() => false)]);
      if (!done) {
        signal('SIGKILL');
        await Promise.race([this.exited, delay(2_000)]);
      }
    }
    // Anything the CLI left behind in its group.
    signal('SIGKILL');
    this.child = undefined;
  }
}

/**
 * Returns `baseYml` with `userId` (one of `users`) as `currentUser`; the old current user takes its
 * place in `users`, so there are still exactly five. The UI has no user switcher: restart the
 * playground with the result. `personalChat.id` becomes `personal-chat-<userId>` (pass
 * `personalChatId` to choose, or false to keep it), so each user has their own personal chat, as
 * in Teams, and references the bot stored for a user still work after switching back.
 * Expects the block layout of the default file (`key: value` scalars, `- ` list items).
 */
export function withCurrentUser(baseYml: string, userId: string, opts: { personalChatId?: string | false } = {}): string {
  const lines = baseYml.split(/\r?\n/);
  const current = topLevelBlock(lines, 'currentUser');
  const users = topLevelBlock(lines, 'users');
  const currentFields = blockFields(lines, current);
  const entries = listEntries(lines, users);
  const currentId = fieldValue(currentFields.map((f) => f.text), 'id');

  const edits: Array<{ start: number; end: number; replacement: string[] }> = [];
  if (currentId !== userId) {
    const target = entries.find((e) => fieldValue(e.fields, 'id') === userId);
    if (!target) {
      const known = [currentId, ...entries.map((e) => fieldValue(e.fields, 'id'))].join(', ');
      throw new Error(`withCurrentUser: no user with id ${userId} in the yml (ids: ${known})`);
    }
    const currentIndent = currentFields[0]?.indent ?? 2;
    edits.push({ start: current.start + 1, end: current.end, replacement: target.fields.map((f) => ' '.repeat(currentIndent) + f) });
    edits.push({
      start: target.start,
      end: target.end,
      replacement: currentFields.map((f, i) => ' '.repeat(target.indent) + (i === 0 ? '- ' : '  ') + f.text),
    });
  }

  const chatId = opts.personalChatId === undefined ? `personal-chat-${userId}` : opts.personalChatId;
  if (chatId !== false) {
    const chat = topLevelBlock(lines, 'personalChat');
    const idField = blockFields(lines, chat).find((f) => /^id\s*:/.test(f.text));
    if (!idField) throw new Error('withCurrentUser: personalChat has no id');
    edits.push({ start: idField.line, end: idField.line + 1, replacement: [`${' '.repeat(idField.indent)}id: ${chatId}`] });
  }

  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    lines.splice(edit.start, edit.end - edit.start, ...edit.replacement);
  }
  return lines.join('\n');
}

interface Block {
  /** Index of the `key:` line. */
  start: number;
  /** Exclusive; trailing blank and comment lines are left outside. */
  end: number;
}

const isContent = (line: string) => line.trim() !== '' && !line.trimStart().startsWith('#');
const indentOf = (line: string) => line.length - line.trimStart().length;

function topLevelBlock(lines: string[], key: string): Block {
  const start = lines.findIndex((l) => new RegExp(`^${key}\\s*:\\s*(#.*)?$`).test(l));
  if (start < 0) throw new Error(`withCurrentUser: no top-level "${key}:" block in the yml`);
  let end = start + 1;
  for (let i = start + 1; i < lines.length && !(isContent(lines[i]!) && indentOf(lines[i]!) === 0); i++) {
    if (isContent(lines[i]!)) end = i + 1;
  }
  return { start, end };
}

function blockFields(lines: string[], block: Block): Array<{ line: number; indent: number; text: string }> {
  const fields = [];
  for (let i = block.start + 1; i < block.end; i++) {
    const line = lines[i]!;
    if (isContent(line)) fields.push({ line: i, indent: indentOf(line), text: line.trim() });
  }
  return fields;
}

function listEntries(lines: string[], block: Block): Array<{ start: number; end: number; indent: number; fields: string[] }> {
  const entries: Array<{ start: number; end: number; indent: number; fields: string[] }> = [];
  for (const field of blockFields(lines, block)) {
    if (field.text.startsWith('- ')) {
      entries.push({ start: field.line, end: field.line + 1, indent: field.indent, fields: [field.text.slice(2).trim()] });
    } else {
      const entry = entries.at(-1);
      if (!entry) throw new Error(`withCurrentUser: unexpected line in users: ${field.text}`);
      entry.fields.push(field.text);
      entry.end = field.line + 1;
    }
  }
  return entries;
}

function fieldValue(fields: string[], key: string): string | undefined {
  for (const field of fields) {
    const m = new RegExp(`^${key}\\s*:\\s*(.*)$`).exec(field);
    if (m) return unquote(m[1]!.replace(/\s+#.*$/, '').trim());
  }
  return undefined;
}

function unquote(value: string): string {
  const m = /^(["'])(.*)\1$/.exec(value);
  return m ? m[2]! : value;
}

async function xdgOpenShim(workDir: string): Promise<string> {
  // The CLI opens a browser with xdg-open and exits 1 if that fails (no desktop in CI).
  const dir = path.join(workDir, '.bin');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'xdg-open');
  await writeFile(file, '#!/bin/sh\nexit 0\n');
  await chmod(file, 0o755);
  return dir;
}

async function ping(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/_debug/ping`, { signal: AbortSignal.timeout(1_000) });
    return res.ok && (await res.text()).includes('pong');
  } catch {
    return false;
  }
}

const logFile = (workDir: string) => path.join(workDir, 'devTools', 'm365agentsplayground.log');

/** The CLI reports config errors only in its log file. */
async function logTail(workDir: string, offset: number): Promise<string> {
  try {
    const log = (await readFile(logFile(workDir))).subarray(offset).toString('utf8');
    const errors = log.split('\n').filter((l) => l.startsWith('error'));
    return `\n--- devTools/m365agentsplayground.log (errors) ---\n${(errors.length ? errors : log.split('\n').slice(-20)).join('\n')}`;
  } catch {
    return '';
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The committed config keeps reserve users as commented blocks (the schema allows exactly five
 * `users`). This loads one in place of a loaded user, so the file still has five.
 */
export function withReserveUser(base: string, reserveId: string, replacedId: string): string {
  const lines = base.split('\n');
  const start = lines.findIndex((l) => l.trim() === `#  - id: ${reserveId}`);
  if (start < 0) throw new Error(`no reserve user ${reserveId} in the yml`);
  const reserve = [lines[start]!];
  for (let i = start + 1; i < lines.length && /^#\s{4}\S/.test(lines[i]!); i++) reserve.push(lines[i]!);
  const from = lines.findIndex((l) => l === `  - id: ${replacedId}`);
  if (from < 0) throw new Error(`no user ${replacedId} in the yml`);
  let to = from + 1;
  while (to < lines.length && lines[to]!.startsWith('    ')) to++;
  lines.splice(from, to - from, ...reserve.map((l) => l.slice(1)));
  return lines.join('\n');
}

/** The ids of the reserve users (commented `#  - id:` blocks) in a config. */
export function reserveUsers(yml: string): string[] {
  return [...yml.matchAll(/^#\s{2}- id: (\S+)\s*$/gm)].map((m) => m[1]!);
}

/** The ids of the loaded users (`  - id:` entries of `users`) in a config. */
export function loadedUsers(yml: string): string[] {
  return [...yml.matchAll(/^ {2}- id: (\S+)\s*$/gm)].map((m) => m[1]!);
}

/** The committed emulator config, acting as another of its users when asked (`npm start -- --as user-id-1`). */
export async function playgroundConfig(asUser: string | undefined): Promise<string> {
  const yml = await readFile(PLAYGROUND_CONFIG_FILE, 'utf8');
  if (!asUser) return yml;
  // A reserve user takes the place of the last loaded one, so the file keeps its five users.
  const withUser = reserveUsers(yml).includes(asUser) ? withReserveUser(yml, asUser, loadedUsers(yml).at(-1)!) : yml;
  return withCurrentUser(withUser, asUser);
}

/** The emulator for a local run, talking to the bot at `botPort`, with its files under `dataDir`. */
export async function startLocalPlayground(opts: { botPort: number; port: number; dataDir: string; asUser?: string }): Promise<Playground> {
  return startPlayground({
    botEndpoint: `http://127.0.0.1:${opts.botPort}/api/messages`,
    port: opts.port,
    workDir: path.join(opts.dataDir, 'playground'),
    yml: await playgroundConfig(opts.asUser),
  });
}
