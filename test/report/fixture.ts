// Runs the report tests share: the same scenario with PV and with emulated NICs (so a comparison
// has something to say), recorded in a fresh lab; and small readers for what reports produce.
import { inflateSync } from 'node:zlib';
import type { LabClient } from '../../core/contract/index.ts';
import type { Scenario } from '../../core/model/index.ts';
import { inProcessClient } from '../../core/service/transport.ts';
import { builtIn, tempLab } from '../helpers/lab.ts';

export type Lab = ReturnType<typeof tempLab>;

export function pvScenario(durationMs = 20): Scenario {
  return builtIn('io-emulated-vs-pv', durationMs);
}

export function emulatedScenario(durationMs = 20): Scenario {
  const base = pvScenario(durationMs);
  return { ...base, guests: base.guests.map((g) => ({ ...g, devices: { ...g.devices, nic: 'e1000' as const, nicBackend: undefined } })) };
}

export async function record(api: LabClient, scenario: Scenario, title?: string): Promise<number> {
  const { runId } = await api.call('runs.start', { scenario, ...(title ? { title } : {}) });
  const out = await api.call('runs.wait', { runId });
  if (out.status !== 'completed') throw new Error(`run ${runId} ${out.status}: ${out.error}`);
  return runId;
}

/** A lab with a PV run and an emulated run of the same scenario. */
export async function labWithRuns(): Promise<{ lab: Lab; api: LabClient; pv: number; emulated: number }> {
  const lab = tempLab();
  const api = inProcessClient(lab.svc);
  const emulated = await record(api, emulatedScenario());
  const pv = await record(api, pvScenario());
  return { lab, api, pv, emulated };
}

/** RFC 4180 rows (quoted fields, doubled quotes, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\ufeff/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && s[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** The share of a PNG's pixels that are not near-white (8-bit RGB or RGBA, not interlaced, as pdftoppm writes). */
export function inkShare(png: Uint8Array): number {
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let p = 8;
  let width = 0;
  let height = 0;
  let channels = 3;
  const idat: Uint8Array[] = [];
  while (p < png.length) {
    const len = dv.getUint32(p);
    const type = String.fromCharCode(...png.subarray(p + 4, p + 8));
    const data = png.subarray(p + 8, p + 8 + len);
    if (type === 'IHDR') {
      width = dv.getUint32(p + 8);
      height = dv.getUint32(p + 12);
      const colorType = png[p + 17]!;
      channels = colorType === 2 ? 3 : colorType === 6 ? 4 : colorType === 0 ? 1 : 0;
      if (png[p + 16] !== 8 || channels === 0 || png[p + 20] !== 0) throw new Error('unsupported PNG');
    } else if (type === 'IDAT') idat.push(data);
    p += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const prev = new Uint8Array(stride);
  const cur = new Uint8Array(stride);
  let ink = 0;
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? cur[x - channels]! : 0;
      const b = prev[x]!;
      const c = x >= channels ? prev[x - channels]! : 0;
      const pa = Math.abs(b - c);
      const pb = Math.abs(a - c);
      const pc = Math.abs(a + b - 2 * c);
      const pred = f === 0 ? 0 : f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 : pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      cur[x] = (line[x]! + pred) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const px = cur.subarray(x * channels, x * channels + Math.min(3, channels));
      if (Math.min(...px) < 200) ink++;
    }
    prev.set(cur);
  }
  return ink / (width * height);
}
