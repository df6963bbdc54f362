/**
 * What the fuzz suite feeds PV Lab: hostile values (edge numbers, long and control-character
 * strings, wrong types, deep nesting), mutations of valid documents (a field replaced, removed,
 * renamed to a typo, an unknown key added, a list grown), corruptions of a JSON file's text (BOM,
 * truncation, control characters, NaN, invalid UTF-8), and values generated from a zod schema (via
 * its JSON Schema) with hooks that steer ids towards ones that exist.
 */
import fc from 'fast-check';
import { z } from 'zod';

/** Numbers a careless or hostile file holds: signs, fractions, 32/53-bit edges, overflow, NaN. */
export const edgeNumber: fc.Arbitrary<number> = fc.constantFrom(
  0, -0, -1, 0.5, -0.5, 1e-300, Number.MIN_VALUE, 2 ** 31, 2 ** 31 - 1, 2 ** 32, 2 ** 53, 2 ** 53 + 2, 1e9, 1e21, 1e300, Number.MAX_VALUE, -1e308,
  Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 4096, 65_536,
);

/** Long strings, mostly of sizes around the limits; rarely one past the 5 MB import limit. */
const longString: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(65, 201, 1001, 10_001, 100_001).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.constant(5_000_001).map((n) => 'y'.repeat(n)) },
);

/** Strings with control characters, escapes, surrogates, BOMs, paths and injection attempts. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '', ' ', '\u0000', '\u001b[2J\u001b[Hwiped', 'bell\u0007', '\ufeff', '\ufeffconsolidation-8', '\u202eevil', '\ud800', '\u2028\u2029', 'tab\there',
    '../../etc/passwd', "x'; DROP TABLE runs; --", '%s%n%x', 'NaN', '1e999', 'null', '__proto__', 'constructor', 'ÅÄÖ åäö', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'A'.repeat(64), 'a'.repeat(65),
    'CONSOLIDATION-8', ' consolidation-8', 'consolidation-8\n',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\u0001', '\u001b', '\u007f', '\u009b', '\n', '\r', 'a', '-', '.'), maxLength: 20 }),
  longString,
);

/** A list nested `depth` deep (fast-check prints it by its depth: printing it whole overflows the stack). */
const nested = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  Object.defineProperty(v, fc.toStringMethod, { value: () => `[…nested ${depth} deep…]` });
  return v;
};

/** Any value at all that survives a structured clone (what crosses IPC, a MessagePort or the in-process transport). */
export const anyValue: fc.Arbitrary<unknown> = fc.anything({
  maxDepth: 3, maxKeys: 5, withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true,
});

/** A value of the wrong kind for almost any field. */
export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: edgeNumber },
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, true, false, [], {}, [null], { '': null }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: anyValue },
  { weight: 1, arbitrary: fc.constantFrom(50, 500, 2000).map(nested) },
);

// ---------------------------------------------------------------------------------------------
// mutations of a valid document

type Path = readonly (string | number)[];

const MUTATIONS = ['replace', 'delete', 'unknown-key', 'typo-key', 'grow', 'wrong-type', 'number-edge', 'string-hostile'] as const;
export type MutationKind = (typeof MUTATIONS)[number];
export interface Mutation {
  kind: MutationKind;
  /** Which node (index into the document's nodes, modulo their number). */
  at: number;
  junk: unknown;
  number: number;
  text: string;
  key: string;
  times: number;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(...MUTATIONS),
  at: fc.nat(),
  junk: junkValue,
  number: edgeNumber,
  text: hostileString,
  // (a key of a megabyte once made the did-you-mean take seconds)
  key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'extra', 'cpuModle', 'durationMS', 'guest', 'hostss', 'id ', '', 'k'.repeat(1_000_000)), fc.string({ maxLength: 12 })),
  times: fc.constantFrom(0, 2, 65, 300, 1500),
});

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every node of a JSON-like document (at most `limit`), as paths from the root. */
function nodes(doc: unknown, limit = 4000): Path[] {
  const out: Path[] = [];
  const walk = (v: unknown, p: Path) => {
    if (out.length >= limit) return;
    out.push(p);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
    else if (isRecord(v)) for (const k of Object.keys(v)) walk(v[k], [...p, k]);
  };
  walk(doc, []);
  return out;
}

function getAt(doc: unknown, p: Path): unknown {
  let v = doc;
  for (const k of p) v = (v as Record<string | number, unknown>)[k];
  return v;
}

/** A copy of `doc` with the node at `p` replaced by `f(node)`; `f` returning DELETE removes it. */
const DELETE = Symbol('delete');
function updateAt(doc: unknown, p: Path, f: (v: unknown) => unknown): unknown {
  if (p.length === 0) {
    const v = f(doc);
    return v === DELETE ? undefined : v;
  }
  const [head, ...rest] = p;
  if (Array.isArray(doc)) {
    const copy = [...doc];
    const v = rest.length ? updateAt(copy[head as number], rest, f) : f(copy[head as number]);
    if (v === DELETE) copy.splice(head as number, 1);
    else copy[head as number] = v;
    return copy;
  }
  const copy: Record<string, unknown> = { ...(doc as Record<string, unknown>) };
  const v = rest.length ? updateAt(copy[head as string], rest, f) : f(copy[head as string]);
  if (v === DELETE) delete copy[head as string];
  else Object.defineProperty(copy, head as string, { value: v, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Roughly how many characters `v` takes as JSON (counting stops past ten million). */
function size(v: unknown, budget = 1e7): number {
  if (typeof v === 'string') return v.length + 2;
  if (v === null || typeof v !== 'object') return 8;
  let n = 2;
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    n += size(x, budget - n) + 1;
    if (n > budget) break;
  }
  return n;
}

/** A misspelling of `key`: two letters swapped, a letter dropped, the case changed, or an "s" added. */
export function typo(key: string, n: number): string {
  if (key.length < 2) return `${key}x`;
  const i = n % (key.length - 1);
  switch (n % 4) {
    case 0: return key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
    case 1: return key.slice(0, i) + key.slice(i + 1);
    case 2: return key.toUpperCase();
    default: return `${key}s`;
  }
}

function wrongType(v: unknown): unknown {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v.length;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return Object.fromEntries(v.map((x, i) => [String(i), x]));
  if (isRecord(v)) return Object.values(v);
  return {};
}

/** Apply one mutation to a JSON-like document (never in place). */
export function mutate(doc: unknown, m: Mutation): unknown {
  const all = nodes(doc);
  const pick = (ps: Path[]) => ps[m.at % ps.length];
  switch (m.kind) {
    case 'replace': return updateAt(doc, pick(all)!, () => m.junk);
    case 'delete': {
      const p = pick(all.filter((x) => x.length > 0));
      return p ? updateAt(doc, p, () => DELETE) : undefined;
    }
    case 'unknown-key': {
      const p = pick(all.filter((x) => isRecord(getAt(doc, x))));
      return p ? updateAt(doc, p, (v) => ({ ...(v as Record<string, unknown>), [m.key || 'extra']: m.junk })) : doc;
    }
    case 'typo-key': {
      const p = pick(all.filter((x) => typeof x[x.length - 1] === 'string'));
      if (!p) return doc;
      const key = p[p.length - 1] as string;
      const value = getAt(doc, p);
      return updateAt(doc, p.slice(0, -1), (parent) => {
        const copy: Record<string, unknown> = { ...(parent as Record<string, unknown>) };
        delete copy[key];
        copy[typo(key, m.at)] = value;
        return copy;
      });
    }
    case 'grow': {
      const arrays = all.filter((x) => Array.isArray(getAt(doc, x)));
      const p = pick(arrays.length ? arrays : all)!;
      return updateAt(doc, p, (v) => {
        const items = Array.isArray(v) && v.length > 0 ? v : [Array.isArray(v) ? m.junk : v];
        // a long list, not gigabytes: copies of a large element are fewer
        const times = Math.min(m.times, Math.max(2, Math.floor(4e6 / Math.max(1, size(items[0])))));
        return Array.from({ length: times }, (_, i) => items[i % items.length]);
      });
    }
    case 'wrong-type': return updateAt(doc, pick(all)!, wrongType);
    case 'number-edge': {
      const nums = all.filter((x) => typeof getAt(doc, x) === 'number');
      return updateAt(doc, pick(nums.length ? nums : all)!, () => m.number);
    }
    case 'string-hostile': {
      const strs = all.filter((x) => typeof getAt(doc, x) === 'string');
      return updateAt(doc, pick(strs.length ? strs : all)!, () => m.text);
    }
  }
}

/** A document with up to `max` mutations applied (zero: the document as it is). */
export function mutated<T>(doc: fc.Arbitrary<T>, max = 3): fc.Arbitrary<unknown> {
  return fc.tuple(doc, fc.array(mutation, { maxLength: max })).map(([d, ms]) => ms.reduce<unknown>((acc, m) => mutate(acc, m), d));
}

// ---------------------------------------------------------------------------------------------
// corruptions of a file's text

const TEXT_CORRUPTIONS = [
  'none', 'bom', 'bom-twice', 'truncate', 'control-char', 'garbage-tail', 'nan-literal', 'overflow-literal', 'duplicate-key', 'proto-key', 'invalid-utf8',
  'utf16', 'crlf-indent', 'empty', 'whitespace', 'not-json',
] as const;
export type TextCorruption = (typeof TEXT_CORRUPTIONS)[number];

const HARMLESS: TextCorruption[] = ['none', 'bom', 'whitespace', 'crlf-indent'];

/** A corruption of a file's text; half of them leave the document readable (BOM, whitespace, CRLF). */
export const textCorruption = fc.record({
  kind: fc.oneof(fc.constantFrom(...HARMLESS), fc.constantFrom(...TEXT_CORRUPTIONS.filter((k) => !HARMLESS.includes(k)))),
  at: fc.nat(),
  char: fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f),
});

/** The bytes of a scenario file: `json` serialized, then corrupted. */
export function fileBytes(doc: unknown, c: { kind: TextCorruption; at: number; char: number }): Buffer {
  // a file holds numbers, not BigInts
  const json = (d: unknown, indent?: string) => JSON.stringify(d, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v), indent);
  const text = json(doc) ?? 'undefined';
  const at = text.length ? c.at % text.length : 0;
  const utf8 = (s: string) => Buffer.from(s, 'utf8');
  switch (c.kind) {
    case 'none': return utf8(text);
    case 'bom': return utf8(`\ufeff${text}`);
    case 'bom-twice': return utf8(`\ufeff\ufeff${text}`);
    case 'truncate': return utf8(text.slice(0, at));
    case 'control-char': return utf8(text.slice(0, at) + String.fromCharCode(c.char) + text.slice(at));
    case 'garbage-tail': return utf8(`${text}\u0000}garbage`);
    case 'nan-literal': return utf8(text.replace(/:(-?\d+(?:\.\d+)?)/, ':NaN'));
    case 'overflow-literal': return utf8(text.replace(/:(-?\d+(?:\.\d+)?)/, ':1e999'));
    case 'duplicate-key': return utf8(text.replace(/^\{/, '{"id":"first-one",'));
    case 'proto-key': return utf8(text.replace(/^\{/, '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},'));
    case 'invalid-utf8': return Buffer.concat([utf8(text.slice(0, at)), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), utf8(text.slice(at))]);
    case 'utf16': return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    // (indenting a deeply nested document makes hundreds of megabytes: only small ones)
    case 'crlf-indent': return utf8(text.length > 20_000 ? text : (json(doc, '\t')?.replace(/\n/g, '\r\n') ?? 'undefined'));
    case 'empty': return Buffer.alloc(0);
    case 'whitespace': return utf8(`\n\t  ${text}  \r\n`);
    case 'not-json': return utf8(`id: ${String((doc as { id?: unknown })?.id)}\ntitle: yaml is not json\n`);
  }
}

// ---------------------------------------------------------------------------------------------
// values from a schema

/** The parts of JSON Schema that z.toJSONSchema writes for the contract. */
interface Js {
  type?: string | string[];
  properties?: Record<string, Js>;
  required?: string[];
  additionalProperties?: boolean | Js;
  propertyNames?: Js;
  anyOf?: Js[];
  oneOf?: Js[];
  allOf?: Js[];
  items?: Js;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
}

/**
 * Steers generation: given a property name (the enclosing one for list items) return values to
 * mix in — ids that exist, run numbers that exist — or nothing.
 */
export type Hook = (key: string | undefined, schema: Js) => fc.Arbitrary<unknown> | undefined;

const INT32 = 2 ** 31 - 1;

function integers(lo: number, hi: number): fc.Arbitrary<number> {
  if (lo >= -INT32 && hi <= INT32) return fc.integer({ min: lo, max: hi });
  const small = fc.integer({ min: Math.max(lo, -INT32), max: Math.min(hi, INT32) });
  return fc.oneof({ weight: 4, arbitrary: small }, { weight: 1, arbitrary: fc.constantFrom(lo, hi) }, { weight: 1, arbitrary: fc.double({ min: lo, max: hi, noNaN: true }).map(Math.floor) });
}

function fromJs(s: Js, key: string | undefined, hook: Hook): fc.Arbitrary<unknown> {
  const base = plain(s, key, hook);
  const steer = hook(key, s);
  return steer ? fc.oneof({ weight: 3, arbitrary: steer }, { weight: 1, arbitrary: base }) : base;
}

function plain(s: Js, key: string | undefined, hook: Hook): fc.Arbitrary<unknown> {
  if ('const' in s) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => fromJs(a, key, hook)));
  if (s.allOf) return fc.tuple(...s.allOf.map((a) => fromJs(a, key, hook))).map((parts) => Object.assign({}, ...parts.map((p) => (isRecord(p) ? p : {}))) as unknown);
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((t) => plain({ ...s, type: t }, key, hook)));
  switch (s.type) {
    case 'null': return fc.constant(null);
    case 'boolean': return fc.boolean();
    case 'integer': {
      const lo = s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : (s.minimum ?? Number.MIN_SAFE_INTEGER);
      const hi = s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : (s.maximum ?? Number.MAX_SAFE_INTEGER);
      return integers(lo, hi);
    }
    case 'number': {
      const lo = s.exclusiveMinimum ?? s.minimum;
      const hi = s.exclusiveMaximum ?? s.maximum;
      const d = fc.double({
        noNaN: true, noDefaultInfinity: true,
        ...(lo !== undefined ? { min: lo, minExcluded: s.exclusiveMinimum !== undefined } : {}),
        ...(hi !== undefined ? { max: hi, maxExcluded: s.exclusiveMaximum !== undefined } : {}),
      });
      // small round numbers are what people write; doubles find the edges
      const round = integers(Math.ceil(lo ?? -1000), Math.floor(hi ?? 1e6)).filter((n) => (s.exclusiveMinimum === undefined || n > s.exclusiveMinimum) && (s.exclusiveMaximum === undefined || n < s.exclusiveMaximum));
      return fc.oneof(d, round);
    }
    case 'string': {
      const min = s.minLength ?? 0;
      const max = Math.min(s.maxLength ?? 30, min + 30);
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length >= min && x.length <= (s.maxLength ?? Infinity));
      return fc.string({ minLength: min, maxLength: max });
    }
    case 'array': {
      const min = s.minItems ?? 0;
      const item = s.items ? fromJs(s.items, key, hook) : fc.jsonValue({ maxDepth: 1 });
      return fc.array(item, { minLength: min, maxLength: Math.min(s.maxItems ?? min + 4, min + 4) });
    }
    case 'object': {
      const props = s.properties ?? {};
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) model[k] = fromJs(v, k, hook);
      const fixed = fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
      if (typeof s.additionalProperties !== 'object') return fixed;
      const keyArb = s.propertyNames ? (plain(s.propertyNames, undefined, hook) as fc.Arbitrary<string>) : fc.string({ maxLength: 10 });
      const extra = fc.dictionary(keyArb, fromJs(s.additionalProperties, key, hook), { maxKeys: 3 });
      return fc.tuple(fixed, extra).map(([a, b]) => ({ ...b, ...a }));
    }
    default: return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Values of a zod schema's input (valid by construction, give or take refinements), steered by `hook`. */
export function fromSchema(schema: z.ZodType, hook: Hook = () => undefined): fc.Arbitrary<unknown> {
  return fromJs(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Js, undefined, hook);
}
