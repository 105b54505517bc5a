/**
 * `npm start`. Runs Quorum with plain node from one bundle of its sources (dist/start/main.js),
 * which esbuild makes in about half a second and remakes only when a source is newer than it, and
 * bundles the dashboard tab only when the tab changed. Plain JavaScript on purpose: a TypeScript
 * loader (tsx) sends every module, node_modules included, through its loader thread, which made an
 * unchanged tree take 10 s and more to be ready (issue #14). Arguments (`-- --as user-id-1`) pass
 * through to app/main.ts.
 */
import { build } from 'esbuild';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// Full GCs once the heap is 1.75× what was live (V8 lets it reach ~4×: 400 MB RSS at 7 busy years), and no cap (issue #18).
setFlagsFromString('--heap-growing-percent=75');

const repo = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(repo, 'dist', 'start');
const SOURCE_DIRS = ['app', 'bot', 'cards', 'infra', 'services'];
/** Packages the app loads with createRequire as it starts (the embedded store's server, with its query compiler). */
const REQUIRED_AT_LOAD = ['@vercel/cosmosdb-server'];
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

const externalsFile = join(outdir, 'main.externals.json');
const bundled = await stat(join(outdir, 'main.js')).catch(() => undefined);
let externals = bundled && (await readFile(externalsFile, 'utf8').then(JSON.parse, () => undefined));
if (!bundled || !externals || bundled.mtimeMs < (await newestSource())) {
  const { metafile } = await build({
    entryPoints: { main: join(repo, 'app', 'main.ts'), 'build-tab': join(repo, 'scripts', 'build-tab.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // node_modules are loaded by node as they are; only Quorum's own sources are bundled.
    packages: 'external',
    sourcemap: true,
    // Stack traces need the mappings, not a second copy of every source (it was 1.6 of the map's 2.2 MB).
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
  });
  // The packages the app imports when it loads, in its order (those it loads only when used are left to it).
  const imports = Object.entries(metafile.outputs).find(([file]) => file.endsWith('main.js'))[1].imports;
  externals = [...new Set(imports.filter((i) => i.external && i.kind === 'import-statement' && !i.path.startsWith('node:')).map((i) => i.path))];
  await writeFile(externalsFile, JSON.stringify(externals));
}

const { buildTab, tabUpToDate } = await import(pathToFileURL(join(outdir, 'build-tab.js')).href);
if (!(await tabUpToDate())) {
  console.log('Building the dashboard tab (only when it has changed)…');
  await buildTab();
}

// Stack traces name Quorum's own sources, through the bundle's source map. The packages are loaded
// first, before source maps are turned on, so theirs are never read: they held ~15 MB of heap and
// ~60 MB of resident memory (issue #18).
for (const name of [...externals, ...REQUIRED_AT_LOAD]) await import(name);
process.setSourceMapsEnabled(true);
await import(pathToFileURL(join(outdir, 'main.js')).href);
