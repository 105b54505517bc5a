/**
 * `npx tsx scripts/build-tab.ts` (`npm run build:tab`): bundles the dashboard tab (tab/src/main.ts and
 * tab/src/config.ts, with @microsoft/teams-js and the Fluent UI web components) into tab/dist/, next to
 * its pages and styles, which the app serves at /tab. `--watch` rebuilds on change.
 */
import { build, context, type BuildOptions } from 'esbuild';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository, found from here: scripts/ when run from source, dist/start/ in `npm start`'s bundle. */
function repository(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
const repo = repository();
const root = join(repo, 'tab');
const STATIC_FILES = ['index.html', 'config.html', 'styles.css'];

export interface BuiltTab {
  outdir: string;
  files: string[];
}

function options(outdir: string, minify: boolean): BuildOptions {
  return {
    entryPoints: { main: join(root, 'src/main.ts'), config: join(root, 'src/config.ts') },
    outdir,
    bundle: true,
    format: 'esm',
    splitting: true,
    target: ['es2022'],
    platform: 'browser',
    minify,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
    tsconfig: join(root, 'tsconfig.json'),
    metafile: true,
  };
}

async function copyStatic(outdir: string): Promise<void> {
  await Promise.all(STATIC_FILES.map((f) => copyFile(join(root, f), join(outdir, f))));
}

/** Whether tab/dist is newer than every source it is built from (the tab, and the view types it imports). */
export async function tabUpToDate(): Promise<boolean> {
  const built = await stat(join(root, 'dist', 'main.js')).catch(() => undefined);
  if (!built) return false;
  const sources = [root, join(repo, 'services', 'domain')];
  for (const dir of sources) {
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || entry.parentPath.includes('/dist') || entry.parentPath.includes('node_modules')) continue;
      if ((await stat(join(entry.parentPath, entry.name))).mtimeMs > built.mtimeMs) return false;
    }
  }
  return true;
}

/** Builds the tab into `outdir` (default tab/dist), replacing what was there. */
export async function buildTab(opts: { outdir?: string; minify?: boolean } = {}): Promise<BuiltTab> {
  const outdir = opts.outdir ?? join(root, 'dist');
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await build(options(outdir, opts.minify ?? true));
  await copyStatic(outdir);
  const bundles = Object.keys(result.metafile?.outputs ?? {}).map((f) => f.split('/').pop()!);
  return { outdir, files: [...STATIC_FILES, ...bundles.filter((f) => !f.endsWith('.map'))] };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const watch = process.argv.includes('--watch');
  if (watch) {
    const outdir = join(root, 'dist');
    await mkdir(outdir, { recursive: true });
    await copyStatic(outdir);
    const ctx = await context({ ...options(outdir, false), plugins: [{ name: 'static', setup: (b) => b.onEnd(() => copyStatic(outdir)) }] });
    await ctx.watch();
    console.log('watching tab/ for changes');
  } else if (process.argv.includes('--if-changed') && (await tabUpToDate())) {
    // `npm start` on an unchanged tree: nothing to bundle.
  } else {
    const built = await buildTab();
    console.log(`tab built into ${built.outdir}: ${built.files.join(', ')}`);
  }
}
