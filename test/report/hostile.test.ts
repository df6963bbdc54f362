// Names people type — run titles, scenario titles and descriptions, tags, notes — reach every
// report format escaped: markup stays text in HTML and SVG, cannot open a link, an image or a new
// cell in Markdown, reads back whole from CSV (a would-be formula shown as text), and round-trips
// in JSON. Very long and non-Latin names survive whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabClient, Output } from '../../core/contract/index.ts';
import { escapeHtml, escapeMd } from '../../core/report/escape.ts';
import { ReportDoc } from '../../core/report/model.ts';
import { readZip } from '../../core/report/zip.ts';
import { type Lab, labWithRuns, parseCsv, pvScenario, record } from './fixture.ts';

const SCRIPT = '<script>alert("x")</script>';
const TITLE = `${SCRIPT} "quoted" 'single' & <img src=x onerror=alert(1)> | pipe [link](javascript:alert(1)) ![i](http://e.example/x.png) *bold* \`code\``;
const NON_LATIN = 'Видеосервер 東京 サーバー αβγ — שלום ✓ é';
const LONG = 'L'.repeat(180) + 'END';
const FORMULA = `=HYPERLINK("http://e.example","click") ${NON_LATIN}`;

type File = Output<'reports.run'>;
const text = (f: File) => (f.encoding === 'text' ? f.text : '');

describe('hostile names in reports', () => {
  let lab: Lab;
  let api: LabClient;
  let base: number;
  let hostile: number;
  let long: number;
  beforeAll(async () => {
    let pv: number;
    ({ lab, api, emulated: base, pv } = await labWithRuns());
    void pv;
    const scenario = { ...pvScenario(5), id: 'hostile', title: `${NON_LATIN} ${TITLE}`.slice(0, 200), description: `${TITLE}\n# not a heading\n${NON_LATIN}\n=SUM(A1:A9)` };
    hostile = await record(api, scenario, TITLE.slice(0, 200));
    long = await record(api, { ...scenario, id: 'long', title: LONG }, FORMULA);
    await api.call('runs.tag', { runId: hostile, tag: '<b>tag</b>"' });
    await api.call('runs.note', { runId: hostile, text: `${SCRIPT}\n=HYPERLINK("http://e.example")\n${NON_LATIN}` });
  });
  afterAll(() => lab.done());

  const formats = async (runId: number) => ({
    html: text(await api.call('reports.run', { runId, baseline: base, format: 'html', lang: 'en' })),
    md: text(await api.call('reports.run', { runId, baseline: base, format: 'md', lang: 'en' })),
    json: text(await api.call('reports.run', { runId, baseline: base, format: 'json', lang: 'en' })),
    csv: await api.call('reports.run', { runId, baseline: base, format: 'csv', lang: 'en' }),
  });

  it('keeps markup as text in HTML, in tables, headings and SVG alike', async () => {
    const { html } = await formats(hostile);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
    expect(html.match(/<script/gi)).toBeNull();
    expect(html).toContain(escapeHtml(SCRIPT));
    expect(html).toContain('&quot;quoted&quot; &#39;single&#39; &amp;');
    expect(html).toContain(NON_LATIN);
    // the only elements are the report's own
    const tags = new Set([...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase()));
    const allowed = ['html', 'head', 'meta', 'title', 'style', 'body', 'h1', 'h2', 'h3', 'p', 'ul', 'li', 'span', 'aside', 'dl', 'dt', 'dd', 'div', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
      'figure', 'figcaption', 'svg', 'desc', 'line', 'text', 'rect', 'polyline', 'circle', 'g', 'wbr'];
    expect([...tags].filter((t) => !allowed.includes(t))).toEqual([]);
  });

  it('keeps very long names whole (breakable, not cut) in HTML', async () => {
    const { html } = await formats(long);
    expect(html.replace(/<wbr>/g, '')).toContain(LONG);
    expect(html).toContain('<wbr>');
  });

  it('cannot open a link, an image, HTML or a new cell in Markdown', async () => {
    const { md } = await formats(hostile);
    expect(md).not.toContain('<script');
    expect(md).not.toMatch(/(^|[^\\])\[link\]\(/);
    expect(md).not.toMatch(/(^|[^\\])!\[i\]/);
    expect(md).toContain(escapeMd(TITLE.slice(0, 200)));
    expect(md).toContain(NON_LATIN);
    // every table row has as many cells as its header: an escaped | opens none
    for (const block of md.split('\n\n').filter((b) => b.startsWith('| '))) {
      const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
      const lines = block.split('\n');
      for (const l of lines) expect(cells(l), l).toBe(cells(lines[0]!));
    }
    // a line of the description cannot become a heading
    expect(md).not.toMatch(/^# not a heading/m);
  });

  it('reads back whole from CSV, a formula shown as text', async () => {
    const { csv } = await formats(hostile);
    const files = readZip(new Uint8Array(Buffer.from(csv.encoding === 'base64' ? csv.base64 : '', 'base64')), { maxEntries: 100, maxEntryBytes: 1e7, maxTotalBytes: 1e8 });
    const facts = parseCsv(new TextDecoder().decode(files.find((f) => f.name === 'facts.csv')!.data));
    expect(facts.find((r) => r[0] === 'Run')).toEqual(['Run', String(hostile)]);
    expect(facts.find((r) => r[0] === 'Title')).toEqual(['Title', TITLE.slice(0, 200)]);
    const cells = files.flatMap((f) => parseCsv(new TextDecoder().decode(f.data)).flat());
    expect(cells.some((c) => c.includes(NON_LATIN))).toBe(true);
    // a title that a spreadsheet would evaluate is written as text
    const { csv: other } = await formats(long);
    const facts2 = readZip(new Uint8Array(Buffer.from(other.encoding === 'base64' ? other.base64 : '', 'base64')), { maxEntries: 100, maxEntryBytes: 1e7, maxTotalBytes: 1e8 }).find((f) => f.name === 'facts.csv')!;
    expect(parseCsv(new TextDecoder().decode(facts2.data)).find((r) => r[0] === 'Title')).toEqual(['Title', `'${FORMULA}`]);
    expect(cells.filter((c) => /^[=+@]/.test(c))).toEqual([]);
  });

  it('round-trips every name in JSON', async () => {
    const { json } = await formats(hostile);
    const doc = ReportDoc.parse(JSON.parse(json));
    const me = doc.runs.find((r) => r.id === hostile)!;
    expect(me.title).toBe(TITLE.slice(0, 200));
    expect(me.scenario.description).toContain(SCRIPT);
    expect(me.scenario.title).toContain(NON_LATIN);
    expect(me.tags).toEqual(['<b>tag</b>"']);
    expect(me.notes[0]).toContain('=HYPERLINK');
  });
});
