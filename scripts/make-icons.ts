/**
 * Draws the two Teams app icons and writes them to manifest/ as PNGs, with no image library:
 * the shapes are signed distance functions, supersampled for anti-aliasing, and the PNG chunks
 * (IHDR, IDAT, IEND, each with its CRC32) are written by hand.
 *
 *   color.png   192x192, a deep teal rounded square with a white ticked ballot box
 *   outline.png  32x32, the same ballot box and tick in white on transparent
 *
 * Run with `npx tsx scripts/make-icons.ts`; the PNGs are kept in the repository.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { crc32 } from '../infra/cosmos/journal.js';

type Rgba = readonly [number, number, number, number];

/** Deep teal, also the manifest's accentColor (#0E5E6F). */
const TEAL: Rgba = [0x0e, 0x5e, 0x6f, 255];
const WHITE: Rgba = [255, 255, 255, 255];

// ---- PNG encoding ----------------------------------------------------------------------------



function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** An 8-bit RGBA, non-interlaced PNG; every scanline uses filter 0 (none). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: truecolour with alpha
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0;
    raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- Shapes (unit square, y down) -------------------------------------------------------------

/** Signed distance to a rounded box centred at (cx, cy) with half sizes (hx, hy) and radius r. */
function roundedBox(x: number, y: number, cx: number, cy: number, hx: number, hy: number, r: number): number {
  const qx = Math.abs(x - cx) - hx + r;
  const qy = Math.abs(y - cy) - hy + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function segment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const px = x - ax;
  const py = y - ay;
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * t, py - dy * t);
}

interface Mark {
  /** Half the thickness of the ballot box's frame. */
  frame: number;
  /** Half the thickness of the tick. */
  tick: number;
}

/**
 * The mark: a ballot box (rounded square frame) whose tick breaks out through its top right
 * corner, with a small gap cut around the tick where it crosses the frame.
 */
function markCoverage(x: number, y: number, m: Mark): number {
  const tickDistance = Math.min(segment(x, y, 0.3, 0.5, 0.45, 0.66), segment(x, y, 0.45, 0.66, 0.8, 0.24));
  const inTick = tickDistance <= m.tick;
  const box = roundedBox(x, y, 0.47, 0.53, 0.27, 0.27, 0.07);
  const inFrame = Math.abs(box) <= m.frame && tickDistance > m.tick * 2.1;
  return inTick || inFrame ? 1 : 0;
}

function render(size: number, pixel: (x: number, y: number) => Rgba, samples: number): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // Average premultiplied colour over a samples x samples grid inside the pixel.
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const [cr, cg, cb, ca] = pixel((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const i = (py * size + px) * 4;
      out[i] = a ? Math.round(r / a) : 0;
      out[i + 1] = a ? Math.round(g / a) : 0;
      out[i + 2] = a ? Math.round(b / a) : 0;
      out[i + 3] = Math.round(a / (samples * samples));
    }
  }
  return out;
}

const TRANSPARENT: Rgba = [0, 0, 0, 0];

export function colorIcon(): Buffer {
  const size = 192;
  const mark: Mark = { frame: 0.035, tick: 0.045 };
  const pixels = render(
    size,
    (x, y) => {
      if (roundedBox(x, y, 0.5, 0.5, 0.5, 0.5, 0.2) > 0) return TRANSPARENT;
      return markCoverage(x, y, mark) ? WHITE : TEAL;
    },
    6,
  );
  return encodePng(size, size, pixels);
}

export function outlineIcon(): Buffer {
  const size = 32;
  // Thicker strokes so the mark stays legible at 32 px (about 2.5 px frame, 3 px tick).
  const mark: Mark = { frame: 0.04, tick: 0.05 };
  return encodePng(size, size, render(size, (x, y) => (markCoverage(x, y, mark) ? WHITE : TRANSPARENT), 8));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = new URL('../manifest/', import.meta.url);
  for (const [name, png] of [
    ['color.png', colorIcon()],
    ['outline.png', outlineIcon()],
  ] as const) {
    writeFileSync(new URL(name, dir), png);
    console.log(`wrote manifest/${name} (${png.length} bytes)`);
  }
}
