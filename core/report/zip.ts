/**
 * A small ZIP writer and reader for files PV Lab writes itself: entries are stored (no
 * compression — CSV tables are small and recording chunks are compressed already), with CRC-32
 * and sizes checked on reading. The reader is defensive: it accepts only what the writer makes
 * (stored entries, no ZIP64, no encryption, plain relative names) within the limits it is given.
 */
import { crc32 } from 'node:zlib';
import { PvLabError } from '../model/index.ts';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
/** 1980-01-01 00:00: a fixed time, so the same files give the same bytes. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

export function writeZip(entries: readonly ZipEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const crc = crc32(e.data) >>> 0;
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, LOCAL, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x0800, true); // names are UTF-8
    lv.setUint16(8, 0, true);
    lv.setUint16(10, 0, true);
    lv.setUint16(12, DOS_DATE, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, e.data.length, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, CENTRAL, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(14, DOS_DATE, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, e.data.length, true);
    cv.setUint32(24, e.data.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, e.data);
    centrals.push(central);
    offset += local.length + e.data.length;
  }
  const cdSize = centrals.reduce((a, c) => a + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, END, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + cdSize + 22);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
}

const bad = (what: string, why: string) => new PvLabError('invalid-input', `${what} is not a readable bundle: ${why}`, 'use a file written by PV Lab\'s export, unchanged');

/** Read a zip written by writeZip; anything else, or anything over the limits, is refused with the reason. */
export function readZip(bytes: Uint8Array, limits: ZipLimits, what = 'The file'): ZipEntry[] {
  if (bytes.length > limits.maxTotalBytes) throw new PvLabError('too-large', `${what} is larger than ${Math.round(limits.maxTotalBytes / 2 ** 20)} MiB`, 'check that you chose the right file');
  if (bytes.length < 22) throw bad(what, 'it is too short to be a zip file');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const endAt = bytes.length - 22;
  if (dv.getUint32(endAt, true) !== END) throw bad(what, 'it does not end like a zip file (or has a comment)');
  const count = dv.getUint16(endAt + 10, true);
  const cdSize = dv.getUint32(endAt + 12, true);
  const cdAt = dv.getUint32(endAt + 16, true);
  if (count > limits.maxEntries) throw bad(what, `it holds ${count} files; at most ${limits.maxEntries} are expected`);
  if (cdAt + cdSize !== endAt) throw bad(what, 'its directory is not where the end record says');
  const dec = new TextDecoder('utf-8', { fatal: true });
  const out: ZipEntry[] = [];
  const names = new Set<string>();
  let p = cdAt;
  let expectLocal = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > endAt || dv.getUint32(p, true) !== CENTRAL) throw bad(what, `directory entry ${i} is damaged`);
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    const crc = dv.getUint32(p + 16, true);
    const size = dv.getUint32(p + 20, true);
    const usize = dv.getUint32(p + 24, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    const localAt = dv.getUint32(p + 42, true);
    if (method !== 0 || (flags & ~0x0800) !== 0 || size !== usize) throw bad(what, `entry ${i} is compressed, encrypted or streamed, which PV Lab never writes`);
    if (size > limits.maxEntryBytes) throw new PvLabError('too-large', `${what} holds a file of ${size} bytes; the limit is ${limits.maxEntryBytes}`, 'check that you chose the right file');
    let name: string;
    try {
      name = dec.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    } catch {
      throw bad(what, `entry ${i} has a name that is not UTF-8`);
    }
    if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(name) || name.split('/').some((s) => s === '..' || s === '.')) throw bad(what, `entry name "${name.slice(0, 80)}" is not a plain relative path`);
    if (names.has(name)) throw bad(what, `"${name}" appears twice`);
    names.add(name);
    if (localAt !== expectLocal) throw bad(what, `"${name}" is not where the directory says`);
    const lh = localAt;
    if (lh + 30 > cdAt || dv.getUint32(lh, true) !== LOCAL) throw bad(what, `the header of "${name}" is damaged`);
    const lNameLen = dv.getUint16(lh + 26, true);
    const lExtra = dv.getUint16(lh + 28, true);
    const dataAt = lh + 30 + lNameLen + lExtra;
    if (dataAt + size > cdAt) throw bad(what, `"${name}" runs past the end of the data`);
    const data = bytes.subarray(dataAt, dataAt + size);
    if ((crc32(data) >>> 0) !== crc) throw bad(what, `"${name}" fails its CRC check (the file was changed or damaged)`);
    out.push({ name, data });
    expectLocal = dataAt + size;
    p += 46 + nameLen + extraLen + commentLen;
  }
  if (expectLocal !== cdAt) throw bad(what, 'it holds data outside its files');
  return out;
}
