/**
 * The JSON report: the report document itself, canonical — keys sorted at every level, two-space
 * indentation, a final newline — so the same run gives the same bytes. Its JSON Schema is
 * written to docs/report.schema.json by `npm run schema`.
 */
import { z } from 'zod';
import { ReportDoc } from './model.ts';

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

export function renderJson(doc: ReportDoc): string {
  return `${JSON.stringify(sortKeys(ReportDoc.parse(doc)), null, 2)}\n`;
}

export function reportJsonSchema(): Record<string, unknown> {
  return { $id: 'https://pvlab.invalid/report.schema.json', title: 'PV Lab report (pvlab report --format json)', ...z.toJSONSchema(ReportDoc) };
}
