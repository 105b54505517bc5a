/**
 * `npm start`. Runs Quorum with plain node from one bundle of its sources (dist/start/main.js),
 * which esbuild makes in about half a second and remakes only when a source is newer than it, and
 * bundles the dashboard tab only when the tab changed. Plain JavaScript on purpose: a TypeScript
 * loader (tsx) sends every module, node_modules included, through its loader thread, which made an
 * unchanged tree take 10 s and more to be ready (issue #14). Arguments (`-- --as user-id-1`) pass
 * through to app/main.ts.
 */
import { build } from 'esbuild';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(repo, 'dist', 'start');
const SOURCE_DIRS = ['app', 'bot', 'cards', 'infra', 'services'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build-tab.ts', 'scripts/start.mjs'];

/** The newest modification time among the app's sources (the Azure templates aside). */
async function newestSource() {
  let newest = 0;
  const note = async (path) => {
    const s = await stat(path).catch(() => undefined);
    if (s && s.mtimeMs > newest) newest = s.mtimeMs;
  };
  for (const dir of SOURCE_DIRS) {
    for (const entry of await readdir(join(repo, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && !entry.parentPath.includes(`${join(repo, 'infra', 'azure')}`)) await note(join(entry.parentPath, entry.name));
    }
  }
  for (const file of SOURCE_FILES) await note(join(repo, file));
  return newest;
}

const bundled = await stat(join(outdir, 'main.js')).catch(() => undefined);
if (!bundled || bundled.mtimeMs < (await newestSource())) {
  await build({
    entryPoints: { main: join(repo, 'app', 'main.ts'), 'build-tab': join(repo, 'scripts', 'build-tab.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // node_modules are loaded by node as they are; only Quorum's own sources are bundled.
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}

const { buildTab, tabUpToDate } = await import(pathToFileURL(join(outdir, 'build-tab.js')).href);
if (!(await tabUpToDate())) {
  console.log('Building the dashboard tab (only when it has changed)…');
  await buildTab();
}

process.setSourceMapsEnabled(true);
await import(pathToFileURL(join(outdir, 'main.js')).href);
