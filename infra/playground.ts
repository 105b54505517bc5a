import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

export interface Playground {
  url: string;
  stop(): Promise<void>;
}

export interface PlaygroundOptions {
  botEndpoint: string;
  port: number;
  /** The committed `.m365agentsplayground.yml` to start from. */
  configFile: string;
  /** Where the working copy of the config and the no-op xdg-open go. */
  workDir: string;
  /** Act as this playground user id (one of the config's users) instead of its currentUser. */
  asUser?: string;
  onOutput?: (line: string) => void;
}

/**
 * Microsoft 365 Agents Playground, the local Teams emulator, pointed at the bot. Its CLI opens a
 * browser with xdg-open and exits when that fails, so a no-op xdg-open goes first on its PATH.
 */
export async function startPlayground(opts: PlaygroundOptions): Promise<Playground> {
  const workDir = resolve(opts.workDir);
  const binDir = join(workDir, 'bin');
  await mkdir(binDir, { recursive: true });
  await writeFile(join(binDir, 'xdg-open'), '#!/bin/sh\nexit 0\n');
  await chmod(join(binDir, 'xdg-open'), 0o755);

  const yml = await readFile(opts.configFile, 'utf8');
  await writeFile(join(workDir, '.m365agentsplayground.yml'), opts.asUser ? withCurrentUser(yml, opts.asUser) : yml);

  const cli = createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/cli.js');
  const child = spawn(
    process.execPath,
    [cli, '--app-endpoint', opts.botEndpoint, '--channel-id', 'msteams', '--port', String(opts.port), '--disable-telemetry'],
    { cwd: workDir, env: { ...process.env, PATH: `${binDir}:${process.env.PATH ?? ''}`, BROWSER: 'none' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    for (const line of text.split('\n')) if (line.trim()) opts.onOutput?.(line);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const url = `http://127.0.0.1:${opts.port}`;
  await waitUntilServing(url, child, () => output);
  return { url, stop: () => stopProcessGroup(child) };
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The playground exited (code ${child.exitCode}):\n${output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stopProcessGroup(child);
  throw new Error(`The playground did not serve ${url} within ${timeoutMs} ms:\n${output()}`);
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 3000);
  await exited;
  clearTimeout(timer);
}

/**
 * The playground config with `currentUser` replaced by one of its `users` (by id); the previous
 * current user moves into `users`, so the file keeps the shape the playground's schema expects.
 */
export function withCurrentUser(yml: string, userId: string): string {
  const lines = yml.split('\n');
  const blockEnd = (start: number, indent: RegExp) => {
    let end = start + 1;
    while (end < lines.length && indent.test(lines[end]!)) end++;
    return end;
  };
  const currentStart = lines.findIndex((l) => l.startsWith('currentUser:'));
  if (currentStart < 0) throw new Error('The playground config has no currentUser');
  const currentEnd = blockEnd(currentStart, /^ {2}\S/);
  const userStart = lines.findIndex((l) => l.trimEnd() === `  - id: ${userId}`);
  if (userStart < 0) throw new Error(`There is no playground user "${userId}" in the config`);
  const userEnd = blockEnd(userStart, /^ {4}\S/);

  const fields = (from: number, to: number) => lines.slice(from, to).map((l) => l.replace(/^\s*(- )?/, ''));
  const current = fields(currentStart + 1, currentEnd);
  const chosen = fields(userStart, userEnd);

  const out = [...lines];
  out.splice(userStart, userEnd - userStart, ...current.map((f, i) => (i === 0 ? `  - ${f}` : `    ${f}`)));
  out.splice(currentStart + 1, currentEnd - currentStart - 1, ...chosen.map((f) => `  ${f}`));
  return out.join('\n');
}
