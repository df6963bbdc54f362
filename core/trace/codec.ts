/**
 * The recording format: events in fixed-size chunks, stored column by column (time deltas,
 * host, guest, vCPU, kind, reason, cycles, path deltas) as little-endian integers and then
 * compressed. Columns of small, repetitive numbers compress to about two bytes per event.
 *
 * Layout of a chunk blob: byte 0 format version, byte 1 codec (1 zstd, 2 deflate), then the
 * compressed payload: u32 event count, u32 escaped-value count, the eight columns (20 bytes per
 * event in all), the escaped values as float64.
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

/** The per-event fields, in stream order. */
export const COLUMN_FIELDS = ['t', 'host', 'guest', 'vcpu', 'kind', 'reason', 'cycles', 'path'] as const;

/** A full-capacity chunk holding the first `n` events of `c` (a branch continues filling it). */
export function headOf(c: EventColumns, n: number): EventColumns {
  const out = newColumns(CHUNK_EVENTS);
  for (const f of COLUMN_FIELDS) out[f].set(c[f].subarray(0, n));
  out.count = n;
  return out;
}

/** The buffers of a column set, to transfer it to another thread without copying. */
export function columnBuffers(c: EventColumns): ArrayBuffer[] {
  return COLUMN_FIELDS.map((f) => c[f].buffer as ArrayBuffer);
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

/**
 * Columns and their bytes per value: time deltas 4, host 2, guest 2, vCPU 2, kind 1, reason 1,
 * cycles 4, path (zig-zag delta) 4. Values of 2^32 - 1 and more in the 4-byte columns are
 * escaped: the column holds 2^32 - 1 and the value follows the columns as a float64.
 */
const BYTES_PER_EVENT = 20;
const ESCAPE = 0xffffffff;

/** Typed arrays are copied byte for byte, so the format is little-endian: check this machine is. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function corrupt(what: string): PvLabError {
  return new PvLabError('db-corrupt', `A recorded chunk is damaged: ${what}`, 'verify the run (`pvlab verify`) and re-run its scenario; the other chunks stay readable');
}

/** Whether this runtime has zstd; asked when first needed (the CLI bundle loads zlib on first use). */
let zstd: boolean | undefined;
const hasZstd = () => (zstd ??= typeof zlib.zstdCompressSync === 'function');

function compress(raw: Uint8Array): { codec: number; data: Uint8Array } {
  if (hasZstd()) return { codec: CODEC_ZSTD, data: zlib.zstdCompressSync(raw, { params: { [zlib.constants.ZSTD_c_compressionLevel]: 1 } }) };
  return { codec: CODEC_DEFLATE, data: zlib.deflateRawSync(raw, { level: 1 }) };
}

function decompress(codec: number, data: Uint8Array): Uint8Array {
  if (codec === CODEC_ZSTD) {
    if (!hasZstd()) throw new PvLabError('unsupported-runtime', 'This recording is compressed with zstd, which this runtime lacks', 'open it with PV Lab on Node.js 22.15 or newer');
    return zlib.zstdDecompressSync(data);
  }
  if (codec === CODEC_DEFLATE) return zlib.inflateRawSync(data);
  throw corrupt(`unknown compression ${codec}`);
}

/** Scratch for 32-bit columns, grown as needed. */
let scratch = new Uint32Array(CHUNK_EVENTS);
function scratch32(n: number): Uint32Array {
  if (scratch.length < n) scratch = new Uint32Array(n);
  return scratch;
}

function bytesOf(a: Uint8Array | Uint16Array | Uint32Array, n: number): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, n * a.BYTES_PER_ELEMENT);
}

function requireLittleEndian(): void {
  if (!LITTLE_ENDIAN) throw new PvLabError('unsupported-runtime', 'Recordings are read and written on little-endian machines only', 'use PV Lab on x86-64 or arm64');
}

/**
 * The chunk's columns as bytes, before compression. Times are delta-coded from `c.t[0]`, which
 * the index stores. The layout is fixed, so the same events give the same bytes everywhere.
 */
export function rawChunk(c: EventColumns): Uint8Array {
  requireLittleEndian();
  const n = c.count;
  const size = 8 + BYTES_PER_EVENT * n;
  const raw = new Uint8Array(size);
  const big: number[] = [];
  const a = scratch32(n);
  let off = 8;
  const put = (bytes: Uint8Array) => {
    raw.set(bytes, off);
    off += bytes.length;
  };
  const t = c.t;
  a[0] = 0;
  for (let i = 1; i < n; i++) {
    const d = t[i]! - t[i - 1]!;
    if (d >= ESCAPE) big.push(d);
    a[i] = d >= ESCAPE ? ESCAPE : d;
  }
  put(bytesOf(a, n));
  put(bytesOf(c.host, n));
  put(bytesOf(c.guest, n));
  put(bytesOf(c.vcpu, n));
  put(bytesOf(c.kind, n));
  put(bytesOf(c.reason, n));
  const cy = c.cycles;
  for (let i = 0; i < n; i++) {
    const v = cy[i]!;
    if (v >= ESCAPE) big.push(v);
    a[i] = v >= ESCAPE ? ESCAPE : v;
  }
  put(bytesOf(a, n));
  const p = c.path;
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const d = p[i]! - prev;
    prev = p[i]!;
    a[i] = d < 0 ? -2 * d - 1 : 2 * d;
  }
  put(bytesOf(a, n));
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
  requireLittleEndian();
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const n = dv.getUint32(0, true);
  const nBig = dv.getUint32(4, true);
  const size = 8 + BYTES_PER_EVENT * n;
  if (raw.length !== size + 8 * nBig) throw corrupt('its length does not match its event count');
  const big = Array.from({ length: nBig }, (_, i) => dv.getFloat64(size + 8 * i, true));
  let b = 0;
  const c = into && into.t.length >= n ? into : newColumns(n);
  c.count = n;
  const a = scratch32(n);
  let off = 8;
  // copy each column's bytes into an (aligned) typed array
  const take = (into: Uint8Array | Uint16Array | Uint32Array) => {
    const len = n * into.BYTES_PER_ELEMENT;
    bytesOf(into, n).set(raw.subarray(off, off + len));
    off += len;
  };
  take(a);
  let t = tFirst;
  for (let i = 0; i < n; i++) {
    const d = a[i]!;
    t += d === ESCAPE ? big[b++]! : d;
    c.t[i] = t;
  }
  take(c.host);
  take(c.guest);
  take(c.vcpu);
  take(c.kind);
  take(c.reason);
  take(a);
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    c.cycles[i] = v === ESCAPE ? big[b++]! : v;
  }
  take(a);
  let path = -1;
  for (let i = 0; i < n; i++) {
    const u = a[i]!;
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
