/**
 * "Did you mean": the field names a schema knows, and the nearest one to a misspelt key, so an
 * unknown key such as `cpuModle` is reported with the field the person meant.
 */
import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
}

const cache = new WeakMap<object, Set<string>>();

/** Every object field name anywhere in `schema`. */
export function knownKeys(schema: z.ZodType): Set<string> {
  const hit = cache.get(schema);
  if (hit) return hit;
  const keys = new Set<string>();
  const seen = new Set<object>();
  const walk = (s: z.ZodType | undefined) => {
    if (!s || seen.has(s)) return;
    seen.add(s);
    const def = (s as unknown as { _zod: { def: Def } })._zod.def;
    for (const [k, v] of Object.entries(def.shape ?? {})) {
      keys.add(k);
      walk(v);
    }
    for (const child of [def.element, def.innerType, def.valueType, def.in, def.out, def.left, def.right]) walk(child);
    for (const o of def.options ?? []) walk(o);
    if (def.getter) walk(def.getter());
  };
  walk(schema);
  cache.set(schema, keys);
  return keys;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The known key nearest to `key` (at most a third of its letters off), or null. */
export function nearestKey(key: string, known: Iterable<string>): string | null {
  let best: string | null = null;
  let bestD = Math.max(1, Math.floor(key.length / 3)) + 1;
  for (const k of known) {
    if (Math.abs(key.length - k.length) >= bestD) continue; // the distance is at least that: a 5 MB key costs nothing
    const d = k.toLowerCase() === key.toLowerCase() ? 0 : distance(key, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}
