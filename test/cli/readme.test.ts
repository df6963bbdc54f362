// The README's command-line examples run, in order, on a fresh database, as a newcomer would
// type them: every `npm run pvlab -- …` line of the "The command line" section exits 0.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../core/cli/main.ts';

const root = new URL('../..', import.meta.url).pathname;
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## The command line'), readme.indexOf('## Other commands'));
const examples = [...section.matchAll(/^npm run pvlab -- (.+?)(?:\s{2,}#.*)?$/gm)].map((m) => m[1]!.trim());

const dir = mkdtempSync(join(tmpdir(), 'pvlab-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Split a command line as sh would for these examples (no quotes are used in them). */
const words = (line: string) => line.split(/\s+/).map((w) => w.replace(/^metrics\.json$/, join(dir, 'metrics.json')));

describe('the README examples', () => {
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThan(10);
    expect(section).toMatch(/export PVLAB_DB=/);
  });

  it('run in order on a fresh database', async () => {
    process.env.PVLAB_DB = join(dir, 'demo.db');
    const cwd = process.cwd();
    process.chdir(root);
    try {
      for (const line of examples) {
        let err = '';
        const code = await main(words(line), { out: () => {}, err: (s) => (err += s), isTTY: false });
        expect(code, `pvlab ${line}\n${err}`).toBe(0);
      }
    } finally {
      process.chdir(cwd);
    }
  }, 120_000);
});
