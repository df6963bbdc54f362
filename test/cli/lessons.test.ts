import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const cli = (...argv: string[]) => runCli(argv);

describe('pvlab lessons', () => {
  it('lists the curriculum in order, in English or Swedish', async () => {
    const json = await cli('lessons', '--json');
    expect(json.code).toBe(0);
    const lessons = JSON.parse(json.out) as { id: string; order: number; title: string; question: string }[];
    expect(lessons.length).toBeGreaterThanOrEqual(10);
    expect(lessons.map((l) => l.order)).toEqual(lessons.map((_, i) => i + 1));
    expect(lessons[0]!.id).toBe('lab-x86-needs-bt-or-pv');
    const sv = await cli('lessons', '--lang', 'sv');
    expect(sv.out).toMatch(/^1\. Varför x86 behövde/);
    expect(sv.out).toContain('Fråga: ');
    expect(sv.out).toContain('Kör: pvlab run lab-failure-ha');
    expect((await cli('lessons', '--lang', 'de')).code).toBe(2);
  });
});
