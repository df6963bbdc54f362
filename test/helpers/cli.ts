import type { Catalog } from '../../core/catalog/catalog.ts';
import { main } from '../../core/cli/main.ts';

/** Run `pvlab` in-process (not on a terminal) and collect what it printed and its exit code. */
export async function runCli(argv: readonly string[], catalog?: () => Catalog): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main([...argv], { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`), isTTY: false }, catalog);
  return { code, out, err };
}
