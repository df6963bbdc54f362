/**
 * Source coverage of built-in catalog entries: every number in an entry must be covered by a
 * key of its `sources` record — the number's exact dotted path ("virt.vmExitCycles",
 * "ops.0.cycles") or a prefix of it ("native", "devices.e1000").
 */

/** Dotted paths of every numeric leaf of `value`, array indexes included. */
export function numericPaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'number') return [prefix];
  if (Array.isArray(value)) return value.flatMap((v, i) => numericPaths(v, prefix ? `${prefix}.${i}` : String(i)));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      k === 'sources' && prefix === '' ? [] : numericPaths(v, prefix ? `${prefix}.${k}` : k),
    );
  }
  return [];
}

function covers(key: string, path: string): boolean {
  return key !== '' && (path === key || path.startsWith(`${key}.`));
}

/** The numeric paths of `entry` that no key of `sources` covers. */
export function uncoveredNumbers(entry: object, sources: Record<string, string>): string[] {
  const keys = Object.keys(sources);
  return numericPaths(entry).filter((p) => !keys.some((k) => covers(k, p)));
}

/** Keys of `sources` that name no field of `entry` (typos, stale keys). */
export function unknownSourceKeys(entry: object, sources: Record<string, string>): string[] {
  return Object.keys(sources).filter((k) => {
    let v: unknown = entry;
    for (const part of k.split('.')) {
      if (v === null || typeof v !== 'object' || !(part in v)) return true;
      v = (v as Record<string, unknown>)[part];
    }
    return false;
  });
}
