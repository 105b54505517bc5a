import { once } from 'node:events';
import { createWriteStream, existsSync, readdirSync, readFileSync, statSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import yazl from 'yazl';
import type { Config } from './config.js';

/**
 * The Teams app package: manifest/manifest.template.json with its `${{SETTING}}` placeholders
 * filled from the configuration, checked against the manifest JSON schema that
 * @microsoft/app-manifest ships, and zipped with the two icons. `npm run package` drives it.
 */

/** A placeholder is `${{NAME}}` where NAME is a setting in infra/config.ts. */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export type Manifest = Record<string, unknown>;

export class TeamsPackageError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length ? `${message}:\n  - ${problems.join('\n  - ')}` : message);
    this.name = 'TeamsPackageError';
  }
}

/** For local inspection only: not a real app id, so Teams will not accept a package built with it. */
export const LOCAL_APP_ID = '00000000-0000-0000-0000-000000000000';
export const LOCAL_HOSTNAME = 'localhost:3978';

/** Icons at the zip root and the size Teams requires for each. */
export const ICON_SIZES = { color: 192, outline: 32 } as const;

/** The repository's manifest/ folder, found from this module whether it runs from source or dist/. */
export function defaultManifestDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'manifest');
    if (existsSync(join(candidate, 'manifest.template.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new TeamsPackageError('cannot find manifest/manifest.template.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export function readTemplate(manifestDir = defaultManifestDir()): string {
  return readFileSync(join(manifestDir, 'manifest.template.json'), 'utf8');
}

/** The distinct placeholder names in a template, sorted. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}

/**
 * Values for the template's placeholders, from the loaded configuration. Without a bot id the
 * package can only be looked at: an all-zero app id and localhost stand in, and `localOnly` says so.
 */
export function placeholderValues(config: Config): { values: Record<string, string>; localOnly: boolean } {
  const localOnly = !config.bot.appId;
  const values: Record<string, string> = {};
  const appId = config.bot.appId ?? LOCAL_APP_ID;
  const hostname = config.publicHostname ?? (localOnly ? LOCAL_HOSTNAME : undefined);
  values.MICROSOFT_APP_ID = appId;
  if (hostname !== undefined) values.PUBLIC_HOSTNAME = hostname;
  if (config.bot.tenantId) values.MICROSOFT_APP_TENANT_ID = config.bot.tenantId;
  return { values, localOnly };
}

/**
 * Fills every `${{NAME}}` in the template and parses the result. Throws a TeamsPackageError naming
 * each placeholder without a value; never returns a manifest with a placeholder left in it.
 */
export function buildManifest(values: Readonly<Record<string, string | undefined>>, template = readTemplate()): Manifest {
  const problems: string[] = [];
  for (const name of placeholdersIn(template)) {
    const value = values[name];
    if (value === undefined || value === '') problems.push(`\${{${name}}} has no value: set ${name}`);
  }
  if (values.PUBLIC_HOSTNAME && !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(values.PUBLIC_HOSTNAME)) {
    problems.push(`PUBLIC_HOSTNAME must be a bare host name such as quorum.example.org, without https:// or a path (got "${values.PUBLIC_HOSTNAME}")`);
  }
  if (problems.length) throw new TeamsPackageError('the Teams manifest template cannot be filled in', problems);

  // Values go inside JSON strings, so escape them as JSON string content.
  const filled = template.replace(PLACEHOLDER, (_, name: string) => JSON.stringify(values[name]).slice(1, -1));
  const left = filled.match(/\$\{\{[^}]*\}\}?/g);
  if (left) throw new TeamsPackageError('placeholders are left in the Teams manifest', [...new Set(left)]);
  try {
    return JSON.parse(filled) as Manifest;
  } catch (error) {
    throw new TeamsPackageError(`the filled Teams manifest is not valid JSON: ${(error as Error).message}`);
  }
}

// ---- Schema validation -------------------------------------------------------------------------

function schemasDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');
}

/** The stable manifest schema versions @microsoft/app-manifest ships ("1.30", ...), oldest first. */
export function shippedSchemaVersions(): string[] {
  const key = (v: string) => v.split('.').map(Number) as [number, number];
  return readdirSync(schemasDir())
    .filter((d) => /^v\d+\.\d+$/.test(d) && existsSync(join(schemasDir(), d, 'MicrosoftTeams.schema.json')))
    .map((d) => d.slice(1))
    .sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1]);
}

export function newestSchemaVersion(): string {
  const versions = shippedSchemaVersions();
  if (!versions.length) throw new TeamsPackageError('@microsoft/app-manifest ships no Teams manifest schemas');
  return versions[versions.length - 1]!;
}

type Validate = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string; params?: unknown }[] | null };
const validators = new Map<string, Validate>();

function validatorFor(version: string): Validate {
  let validate = validators.get(version);
  if (!validate) {
    const file = join(schemasDir(), `v${version}`, 'MicrosoftTeams.schema.json');
    if (!existsSync(file)) throw new TeamsPackageError(`no schema for manifestVersion ${version} in @microsoft/app-manifest (it ships ${shippedSchemaVersions().join(', ')})`);
    // The published schemas once contained "\a" in a regex, which is not valid in JavaScript.
    const schema = JSON.parse(readFileSync(file, 'utf8').replace(/\\a/g, '\\x07')) as object;
    const ajv = new AjvModule.default({ allErrors: true, strict: false });
    addFormatsModule.default(ajv, ['uri', 'email', 'regex']);
    validate = ajv.compile(schema) as Validate;
    validators.set(version, validate);
  }
  return validate;
}

/**
 * Checks a manifest against the schema of its own manifestVersion, as shipped in
 * @microsoft/app-manifest (no network). Returns the problems, empty when it is valid.
 */
export function validateManifest(manifest: unknown): string[] {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) return ['the manifest is not a JSON object'];
  const version = (manifest as Manifest).manifestVersion;
  if (typeof version !== 'string') return ['/manifestVersion is missing'];
  const validate = validatorFor(version);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params ?? {})}`);
}

// ---- Icons and the zip ---------------------------------------------------------------------------

/** Width and height from a PNG's IHDR chunk. */
export function readPngSize(png: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (png.length < 24 || !png.subarray(0, 8).equals(signature) || png.toString('ascii', 12, 16) !== 'IHDR') {
    throw new TeamsPackageError('not a PNG file');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export interface PackageResult {
  file: string;
  size: number;
  manifest: Manifest;
  entries: string[];
}

/** Fixed timestamps make the zip depend only on its contents. */
const ZIP_MTIME = new Date('2020-01-01T00:00:00Z');

/**
 * Builds and validates the manifest, checks the icons and writes the zip Teams accepts:
 * manifest.json, color.png and outline.png at the root, nothing else.
 */
export async function packageApp(options: {
  values: Readonly<Record<string, string | undefined>>;
  outFile: string;
  manifestDir?: string;
}): Promise<PackageResult> {
  const manifestDir = options.manifestDir ?? defaultManifestDir();
  const manifest = buildManifest(options.values, readTemplate(manifestDir));
  const problems = validateManifest(manifest);
  if (problems.length) throw new TeamsPackageError('the Teams manifest does not match its schema', problems);

  const icons = manifest.icons as Record<keyof typeof ICON_SIZES, string>;
  const files: [string, Buffer][] = [['manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n')]];
  for (const kind of Object.keys(ICON_SIZES) as (keyof typeof ICON_SIZES)[]) {
    const name = icons[kind];
    if (name.includes('/') || name.includes('\\')) throw new TeamsPackageError(`icons.${kind} must be a file at the package root, not ${name}`);
    const path = join(manifestDir, name);
    if (!existsSync(path)) throw new TeamsPackageError(`icons.${kind} is ${name} but ${path} does not exist (run npx tsx scripts/make-icons.ts)`);
    const png = readFileSync(path);
    const { width, height } = readPngSize(png);
    const want = ICON_SIZES[kind];
    if (width !== want || height !== want) throw new TeamsPackageError(`${name} is ${width}x${height}; Teams needs ${want}x${want}`);
    files.push([name, png]);
  }

  const outFile = resolve(options.outFile);
  mkdirSync(dirname(outFile), { recursive: true });
  const zip = new yazl.ZipFile();
  for (const [name, data] of files) zip.addBuffer(data, name, { mtime: ZIP_MTIME, mode: 0o100644 });
  zip.end();
  const out = createWriteStream(outFile);
  zip.outputStream.pipe(out);
  await once(out, 'close');
  return { file: outFile, size: statSync(outFile).size, manifest, entries: files.map(([name]) => name) };
}
