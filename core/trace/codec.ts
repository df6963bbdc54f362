/**
 * The recording format: events in fixed-size chunks, stored column by column (time deltas,
 * host, guest, vCPU, kind, reason, cycles, path) as variable-length integers and then
 * compressed. Columns of small, repetitive numbers compress to a few bytes per event.
 *
 * Layout of a chunk blob: byte 0 format version, byte 1 codec (1 zstd, 2 deflate), then the
 * compressed payload: u32 event count, eight u32 column lengths, the eight columns.
 */
import * as zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { PvLabError } from '../model/index.ts';

export const CHUNK_FORMAT = 1;
/** Events per chunk: chunk k always holds events [k·CHUNK_EVENTS, (k+1)·CHUNK_EVENTS). */
export const CHUNK_EVENTS = 32768;
const CODEC_ZSTD = 1;
const CODEC_DEFLATE = 2;

/** Decoded events of one chunk, one typed array per field. */
export interface EventColumns {
  count: number;
  t: Float64Array;
  host: Uint16Array;
  guest: Uint16Array;
  vcpu: Uint16Array;
  kind: Uint8Array;
  reason: Uint8Array;
  cycles: Float64Array;
  path: Int32Array;
}

export function newColumns(capacity: number): EventColumns {
  return {
    count: 0,
    t: new Float64Array(capacity),
    host: new Uint16Array(capacity),
    guest: new Uint16Array(capacity),
    vcpu: new Uint16Array(capacity),
    kind: new Uint8Array(capacity),
    reason: new Uint8Array(capacity),
    cycles: new Float64Array(capacity),
    path: new Int32Array(capacity),
  };
}

/** Append one event; the arrays must have room. */
export function pushEvent(c: EventColumns, t: number, host: number, guest: number, vcpu: number, kind: number, reason: number, cycles: number, path: number): void {
  const i = c.count++;
  c.t[i] = t;
  c.host[i] = host;
  c.guest[i] = guest;
  c.vcpu[i] = vcpu;
  c.kind[i] = kind;
  c.reason[i] = reason;
  c.cycles[i] = cycles;
  c.path[i] = path;
}

// ---------------------------------------------------------------------------------------------
// fixed-width columns, byte planes split so the compressor sees runs of equal bytes

/** Columns: [bytes per value]. Times are deltas; paths are zig-zag deltas; 32-bit columns escape larger values. */
const WIDTHS = [4, 1, 2, 2, 1, 1, 4, 4] as const;
const ESCAPE = 0xffffffff;

function corrupt(what: string): PvLabError {
  return new PvLabError('db-corrupt', `A recorded chunk is damaged: ${what}`, 'verify the run (`pvlab verify`) and re-run its scenario; the other chunks stay readable');
}

const hasZstd = typeof zlib.zstdCompressSync === 'function';

function compress(raw: Uint8Array): { codec: number; data: Uint8Array } {
  if (hasZstd) return { codec: CODEC_ZSTD, data: zlib.zstdCompressSync(raw, { params: { [zlib.constants.ZSTD_c_compressionLevel]: 1 } }) };
  return { codec: CODEC_DEFLATE, data: zlib.deflateRawSync(raw, { level: 1 }) };
}

function decompress(codec: number, data: Uint8Array): Uint8Array {
  if (codec === CODEC_ZSTD) {
    if (!hasZstd) throw new PvLabError('unsupported-runtime', 'This recording is compressed with zstd, which this runtime lacks', 'open it with PV Lab on Node.js 22.15 or newer');
    return zlib.zstdDecompressSync(data);
  }
  if (codec === CODEC_DEFLATE) return zlib.inflateRawSync(data);
  throw corrupt(`unknown compression ${codec}`);
}

/** Split 32-bit values into four byte planes at `off` (value ≥ 2^32-1 were escaped by the caller). */
function putPlanes32(raw: Uint8Array, off: number, n: number, a: Uint32Array): void {
  const o1 = off + n, o2 = off + 2 * n, o3 = off + 3 * n;
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    raw[off + i] = v;
    raw[o1 + i] = v >>> 8;
    raw[o2 + i] = v >>> 16;
    raw[o3 + i] = v >>> 24;
  }
}

function putPlanes16(raw: Uint8Array, off: number, n: number, a: Uint16Array): void {
  const o1 = off + n;
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    raw[off + i] = v;
    raw[o1 + i] = v >>> 8;
  }
}

function getPlanes32(raw: Uint8Array, off: number, n: number, a: Uint32Array): void {
  const o1 = off + n, o2 = off + 2 * n, o3 = off + 3 * n;
  for (let i = 0; i < n; i++) a[i] = raw[off + i]! | (raw[o1 + i]! << 8) | (raw[o2 + i]! << 16) | (raw[o3 + i]! << 24);
}

function getPlanes16(raw: Uint8Array, off: number, n: number, a: Uint16Array): void {
  const o1 = off + n;
  for (let i = 0; i < n; i++) a[i] = raw[off + i]! | (raw[o1 + i]! << 8);
}

/** Scratch for 32-bit columns, grown as needed. */
let scratch = new Uint32Array(CHUNK_EVENTS);
function scratch32(n: number): Uint32Array {
  if (scratch.length < n) scratch = new Uint32Array(n);
  return scratch;
}

/**
 * The chunk's columns as bytes, before compression. Times are delta-coded from `c.t[0]`, which
 * the index stores. Byte order is fixed, so the same events give the same bytes everywhere.
 */
export function rawChunk(c: EventColumns): Uint8Array {
  const n = c.count;
  const size = 8 + WIDTHS.reduce((s, w) => s + w * n, 0);
  const raw = new Uint8Array(size);
  const big: number[] = [];
  const a = scratch32(n);
  let off = 8;
  // times: deltas
  const t = c.t;
  for (let i = 0; i < n; i++) {
    const d = i === 0 ? 0 : t[i]! - t[i - 1]!;
    if (d >= ESCAPE) big.push(d);
    a[i] = d >= ESCAPE ? ESCAPE : d;
  }
  putPlanes32(raw, off, n, a);
  off += 4 * n;
  for (let i = 0; i < n; i++) raw[off + i] = c.host[i]!;
  off += n;
  putPlanes16(raw, off, n, c.guest);
  off += 2 * n;
  putPlanes16(raw, off, n, c.vcpu);
  off += 2 * n;
  raw.set(c.kind.subarray(0, n), off);
  off += n;
  raw.set(c.reason.subarray(0, n), off);
  off += n;
  const cy = c.cycles;
  for (let i = 0; i < n; i++) {
    const v = cy[i]!;
    if (v >= ESCAPE) big.push(v);
    a[i] = v >= ESCAPE ? ESCAPE : v;
  }
  putPlanes32(raw, off, n, a);
  off += 4 * n;
  const p = c.path;
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const d = p[i]! - prev;
    prev = p[i]!;
    a[i] = d < 0 ? -2 * d - 1 : 2 * d;
  }
  putPlanes32(raw, off, n, a);
  const dv = new DataView(raw.buffer);
  dv.setUint32(0, n, true);
  dv.setUint32(4, big.length, true);
  if (big.length === 0) return raw;
  const all = new Uint8Array(size + 8 * big.length);
  all.set(raw);
  const tail = new DataView(all.buffer, size);
  big.forEach((v, i) => tail.setFloat64(8 * i, v, true));
  return all;
}

/** The chunk hash: SHA-256 of its column bytes (first 64 bits, hex). */
function hashRaw(raw: Uint8Array): string {
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

export function hashColumns(c: EventColumns): string {
  return hashRaw(rawChunk(c));
}

/** Encode a chunk: its stored blob and its hash. */
export function encodeChunk(c: EventColumns): { data: Uint8Array; hash: string } {
  const raw = rawChunk(c);
  const { codec, data } = compress(raw);
  const out = new Uint8Array(2 + data.length);
  out[0] = CHUNK_FORMAT;
  out[1] = codec;
  out.set(data, 2);
  return { data: out, hash: hashRaw(raw) };
}



/** Decode a chunk blob; `tFirst` is the time of its first event (from the chunk index). */
export function decodeChunk(blob: Uint8Array, tFirst: number, into?: EventColumns): EventColumns {
  if (blob.length < 2) throw corrupt('too short');
  if (blob[0] !== CHUNK_FORMAT) {
    throw new PvLabError('version-mismatch', `This recording uses chunk format ${blob[0]}; this PV Lab reads format ${CHUNK_FORMAT}`, 'open it with the PV Lab version that recorded it');
  }
  let raw: Uint8Array;
  try {
    raw = decompress(blob[1]!, blob.subarray(2));
  } catch (e) {
    if (e instanceof PvLabError) throw e;
    throw corrupt((e as Error).message);
  }
  if (raw.length < 8) throw corrupt('header missing');
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const n = dv.getUint32(0, true);
  const nBig = dv.getUint32(4, true);
  const size = 8 + WIDTHS.reduce((s, w) => s + w * n, 0);
  if (raw.length !== size + 8 * nBig) throw corrupt('its length does not match its event count');
  const big = Array.from({ length: nBig }, (_, i) => dv.getFloat64(size + 8 * i, true));
  let b = 0;
  const c = into && into.t.length >= n ? into : newColumns(n);
  c.count = n;
  const a = scratch32(n);
  let off = 8;
  getPlanes32(raw, off, n, a);
  off += 4 * n;
  let t = tFirst;
  for (let i = 0; i < n; i++) {
    const d = a[i]! >>> 0;
    t += d === ESCAPE ? big[b++]! : d;
    c.t[i] = t;
  }
  for (let i = 0; i < n; i++) c.host[i] = raw[off + i]!;
  off += n;
  getPlanes16(raw, off, n, c.guest);
  off += 2 * n;
  getPlanes16(raw, off, n, c.vcpu);
  off += 2 * n;
  c.kind.set(raw.subarray(off, off + n));
  off += n;
  c.reason.set(raw.subarray(off, off + n));
  off += n;
  getPlanes32(raw, off, n, a);
  off += 4 * n;
  for (let i = 0; i < n; i++) {
    const v = a[i]! >>> 0;
    c.cycles[i] = v === ESCAPE ? big[b++]! : v;
  }
  getPlanes32(raw, off, n, a);
  let path = -1;
  for (let i = 0; i < n; i++) {
    const u = a[i]! >>> 0;
    path += u % 2 === 0 ? u / 2 : -(u + 1) / 2;
    c.path[i] = path;
  }
  if (b !== nBig) throw corrupt('escaped numbers are left over');
  return c;
}

/** Compress and decompress an engine checkpoint (JSON). */
export function packJson(value: unknown): Uint8Array {
  const { codec, data } = compress(new TextEncoder().encode(JSON.stringify(value)));
  const out = new Uint8Array(1 + data.length);
  out[0] = codec;
  out.set(data, 1);
  return out;
}

export function unpackJson(blob: Uint8Array): unknown {
  if (blob.length < 1) throw corrupt('empty checkpoint');
  return JSON.parse(new TextDecoder().decode(decompress(blob[0]!, blob.subarray(1)))) as unknown;
}
