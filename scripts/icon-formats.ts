/**
 * The icon containers electron-builder takes, written by hand (both formats are a table of
 * images): ICO for Windows (NSIS and the .exe) and ICNS for macOS. Pure functions over rendered
 * images, so tests can read back what they write.
 */

/** One rendered size: its PNG file and its RGBA pixels, premultiplied by alpha (as resvg gives them). */
export interface Rendered {
  size: number;
  png: Buffer;
  premultipliedRgba: Buffer;
}

/** The sizes of each file: Windows asks for 16–256 (256 as PNG); macOS for 16–1024; Linux for 16–512. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
/** ICNS entry types and their pixel sizes (the @2x types hold the retina image of half that size). */
export const ICNS_TYPES = [
  ['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024],
  ['ic11', 32], ['ic12', 64], ['ic13', 256], ['ic14', 512],
] as const;

/**
 * A Windows DIB of 32 bits: straight (not premultiplied) BGRA rows from the bottom up, then the
 * 1-bit AND mask that old readers use for transparency. Sizes below 256 are stored this way, which
 * every Windows and NSIS version reads; 256 is stored as PNG (Vista and later).
 */
function dib(image: Rendered): Buffer {
  const n = image.size;
  const maskRow = Math.ceil(n / 32) * 4;
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(n, 4);
  header.writeInt32LE(n * 2, 8); // the colour rows and the mask rows
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(n * n * 4 + maskRow * n, 20);
  const pixels = Buffer.alloc(n * n * 4);
  const mask = Buffer.alloc(maskRow * n);
  const src = image.premultipliedRgba;
  for (let y = 0; y < n; y++) {
    const row = n - 1 - y;
    for (let x = 0; x < n; x++) {
      const i = (y * n + x) * 4;
      const a = src[i + 3]!;
      const straight = (c: number) => (a === 0 ? 0 : Math.min(255, Math.round((c * 255) / a)));
      const o = (row * n + x) * 4;
      pixels[o] = straight(src[i + 2]!);
      pixels[o + 1] = straight(src[i + 1]!);
      pixels[o + 2] = straight(src[i]!);
      pixels[o + 3] = a;
      if (a === 0) mask[row * maskRow + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return Buffer.concat([header, pixels, mask]);
}

/** An .ico with one image per size in ICO_SIZES. */
export function encodeIco(images: Rendered[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const entries: Buffer[] = [];
  const bodies = images.map((image) => (image.size >= 256 ? image.png : dib(image)));
  let offset = 6 + 16 * images.length;
  images.forEach((image, i) => {
    const e = Buffer.alloc(16);
    e.writeUInt8(image.size >= 256 ? 0 : image.size, 0);
    e.writeUInt8(image.size >= 256 ? 0 : image.size, 1);
    e.writeUInt16LE(1, 4);
    e.writeUInt16LE(32, 6);
    e.writeUInt32LE(bodies[i]!.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += bodies[i]!.length;
    entries.push(e);
  });
  return Buffer.concat([header, ...entries, ...bodies]);
}

/** An .icns with a PNG for each type of ICNS_TYPES; `pngOf(size)` gives the PNG of that pixel size. */
export function encodeIcns(pngOf: (size: number) => Buffer): Buffer {
  const entries = ICNS_TYPES.map(([type, size]) => {
    const png = pngOf(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + entries.reduce((sum, e) => sum + e.length, 0), 4);
  return Buffer.concat([head, ...entries]);
}

/** The width and height a PNG's IHDR states. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.readUInt32BE(0) !== 0x89504e47 || png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The images an .ico holds: each entry's stated size and whether it is a PNG or a DIB (read back in tests). */
export function readIco(ico: Buffer): { size: number; format: 'png' | 'dib'; bytes: number }[] {
  if (ico.readUInt16LE(0) !== 0 || ico.readUInt16LE(2) !== 1) throw new Error('not an .ico');
  return Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
    const e = 6 + 16 * i;
    const size = ico.readUInt8(e) || 256;
    const bytes = ico.readUInt32LE(e + 8);
    const at = ico.readUInt32LE(e + 12);
    const format = ico.readUInt32BE(at) === 0x89504e47 ? ('png' as const) : ('dib' as const);
    if (format === 'dib' && (ico.readInt32LE(at + 4) !== size || ico.readInt32LE(at + 8) !== size * 2)) throw new Error(`entry ${i}: the DIB is not ${size}x${size}`);
    if (format === 'png' && pngSize(ico.subarray(at, at + bytes)).width !== size) throw new Error(`entry ${i}: the PNG is not ${size} wide`);
    return { size, format, bytes };
  });
}

/** The entries an .icns holds, with the pixel size of each PNG (read back in tests). */
export function readIcns(icns: Buffer): { type: string; width: number }[] {
  if (icns.toString('latin1', 0, 4) !== 'icns' || icns.readUInt32BE(4) !== icns.length) throw new Error('not an .icns');
  const out: { type: string; width: number }[] = [];
  for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
    out.push({ type: icns.toString('latin1', at, at + 4), width: pngSize(icns.subarray(at + 8, at + icns.readUInt32BE(at + 4))).width });
  }
  return out;
}
