import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync, inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, SETTING_NAMES } from '../../../infra/config.js';
import {
  buildManifest,
  LOCAL_APP_ID,
  LOCAL_HOSTNAME,
  newestSchemaVersion,
  packageApp,
  placeholdersIn,
  placeholderValues,
  readTemplate,
  TeamsPackageError,
  validateManifest,
  type Manifest,
} from '../../../infra/teams-package.js';

const APP_ID = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const values = { MICROSOFT_APP_ID: APP_ID, PUBLIC_HOSTNAME: 'quorum.example.org' };

const COMMANDS = ['help', 'whoami', 'consult', 'consultations', 'status', 'meetings', 'my actions', 'actions', 'policies due'];

/** The entries of a zip, read from its central directory (no zip library is installed). */
function readZip(zip: Buffer): { name: string; data: Buffer }[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(eocd).toBeGreaterThan(0);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: { name: string; data: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressedSize);
    entries.push({ name, data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  /** RGBA pixels, when the PNG is 8-bit RGBA. */
  rgba?: Uint8Array;
}

function readPng(png: Buffer): Png {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  const result: Png = { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bitDepth: png[24]!, colourType: png[25]! };
  if (result.bitDepth !== 8 || result.colourType !== 6) return result;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = result.width * 4;
  const rgba = new Uint8Array(stride * result.height);
  for (let y = 0; y < result.height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= 4 ? rgba[y * stride + x - 4]! : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
      rgba[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { ...result, rgba };
}

const bot = (m: Manifest) => (m.bots as { botId: string; scopes: string[]; supportsFiles: boolean; commandLists: { scopes: string[]; commands: { title: string }[] }[] }[])[0]!;

describe('Teams manifest', () => {
  it('uses the newest manifest schema that @microsoft/app-manifest ships', () => {
    const manifest = buildManifest(values);
    const newest = newestSchemaVersion();
    expect(manifest.manifestVersion, `@microsoft/app-manifest now ships v${newest}; move the template to it`).toBe(newest);
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/en-us/json-schemas/teams/v${newest}/MicrosoftTeams.schema.json`);
  });

  it('only has placeholders that are settings in infra/config.ts', () => {
    const names = placeholdersIn(readTemplate());
    expect(names).toEqual(['MICROSOFT_APP_ID', 'PUBLIC_HOSTNAME']);
    for (const name of names) expect(SETTING_NAMES).toContain(name);
  });

  it('fills every placeholder and validates against the schema', () => {
    const manifest = buildManifest(values);
    expect(JSON.stringify(manifest)).not.toContain('${{');
    expect(validateManifest(manifest)).toEqual([]);

    expect(manifest.id).toBe(APP_ID);
    expect(bot(manifest).botId).toBe(APP_ID);
    expect(manifest.webApplicationInfo).toEqual({ id: APP_ID, resource: `api://quorum.example.org/${APP_ID}` });
    expect(manifest.validDomains).toEqual(['quorum.example.org']);
    expect(manifest.staticTabs).toContainEqual(
      expect.objectContaining({ name: 'Dashboard', contentUrl: 'https://quorum.example.org/tab/index.html', scopes: ['personal'] }),
    );
    expect(manifest.configurableTabs).toEqual([expect.objectContaining({ configurationUrl: 'https://quorum.example.org/tab/config.html' })]);
    expect(manifest.permissions).toEqual(['identity', 'messageTeamMembers']);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });

  it('lists every command once for each scope the bot is installed in', () => {
    const { scopes, supportsFiles, commandLists } = bot(buildManifest(values));
    expect(supportsFiles).toBe(false);
    expect(commandLists.flatMap((l) => l.scopes).sort()).toEqual([...scopes].sort());
    for (const list of commandLists) expect(list.commands.map((c) => c.title)).toEqual(COMMANDS);
  });

  it('fails validation when a required field is missing or malformed', () => {
    const { accentColor: _, ...withoutAccent } = buildManifest(values);
    expect(validateManifest(withoutAccent).join('\n')).toMatch(/accentColor/);

    const { developer: __, ...withoutDeveloper } = buildManifest(values);
    expect(validateManifest(withoutDeveloper).join('\n')).toMatch(/developer/);

    expect(validateManifest(buildManifest({ ...values, MICROSOFT_APP_ID: 'not-a-guid' })).join('\n')).toMatch(/\/id /);
  });

  it('refuses to build with a placeholder that has no value', () => {
    expect(() => buildManifest({ MICROSOFT_APP_ID: APP_ID })).toThrow(TeamsPackageError);
    expect(() => buildManifest({ MICROSOFT_APP_ID: APP_ID })).toThrow(/PUBLIC_HOSTNAME/);
    expect(() => buildManifest({ ...values, PUBLIC_HOSTNAME: 'https://quorum.example.org/' })).toThrow(/bare host name/);
  });

  it('escapes values so they cannot break the JSON', () => {
    expect(() => buildManifest({ ...values, MICROSOFT_APP_ID: 'a"b\\c' })).not.toThrow();
    expect(buildManifest({ ...values, MICROSOFT_APP_ID: 'a"b\\c' }).id).toBe('a"b\\c');
  });

  it('takes its values from the configuration, with fake local ones when there is no bot id', () => {
    expect(placeholderValues(loadConfig({}))).toEqual({
      values: { MICROSOFT_APP_ID: LOCAL_APP_ID, PUBLIC_HOSTNAME: LOCAL_HOSTNAME },
      localOnly: true,
    });
    const real = placeholderValues(loadConfig({ MICROSOFT_APP_ID: APP_ID, PUBLIC_HOSTNAME: 'quorum.example.org' }));
    expect(real.localOnly).toBe(false);
    expect(real.values).toMatchObject(values);
    // A real bot id with no host must not quietly produce a package pointing at localhost.
    expect(() => buildManifest(placeholderValues(loadConfig({ MICROSOFT_APP_ID: APP_ID })).values)).toThrow(/PUBLIC_HOSTNAME/);
  });
});

describe('Teams app package', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-package-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('zips exactly manifest.json, color.png and outline.png at the root', async () => {
    const result = await packageApp({ values, outFile: join(dir, 'nested', 'app.zip') });
    const entries = readZip(readFileSync(result.file));
    expect(entries.map((e) => e.name)).toEqual(['manifest.json', 'color.png', 'outline.png']);
    expect(result.size).toBe(readFileSync(result.file).length);

    const manifest = JSON.parse(entries[0]!.data.toString('utf8')) as Manifest;
    expect(manifest).toEqual(buildManifest(values));
    expect(entries[0]!.data.toString('utf8')).not.toContain('${{');
  });

  it('ships icons of the sizes Teams requires, the outline white on transparent', async () => {
    const result = await packageApp({ values, outFile: join(dir, 'icons.zip') });
    const entries = new Map(readZip(readFileSync(result.file)).map((e) => [e.name, e.data]));

    const color = readPng(entries.get('color.png')!);
    expect([color.width, color.height]).toEqual([192, 192]);

    const outline = readPng(entries.get('outline.png')!);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    expect([outline.bitDepth, outline.colourType]).toEqual([8, 6]);
    const pixels = outline.rgba!;
    let opaque = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i + 3] === 0) continue;
      opaque++;
      expect([pixels[i], pixels[i + 1], pixels[i + 2]]).toEqual([255, 255, 255]);
    }
    expect(opaque).toBeGreaterThan(50);
    expect(opaque).toBeLessThan(32 * 32 - 100);
  });

  it('writes nothing when the manifest is invalid', async () => {
    await expect(packageApp({ values: { ...values, MICROSOFT_APP_ID: 'not-a-guid' }, outFile: join(dir, 'bad.zip') })).rejects.toThrow(
      /does not match its schema/,
    );
    expect(() => readFileSync(join(dir, 'bad.zip'))).toThrow();
  });
});
