/** The JSON Schemas `pvlab schema` writes into docs/: scenario files, run metrics and reports. */
import { z } from 'zod';
import { RunMetrics, Scenario } from '../model/index.ts';
import { reportJsonSchema } from '../report/json.ts';

export function jsonSchemas(): Record<string, unknown> {
  return {
    'scenario.schema.json': { $id: 'https://pvlab.invalid/scenario.schema.json', title: 'PV Lab scenario', ...z.toJSONSchema(Scenario, { io: 'input' }) },
    'run-metrics.schema.json': { $id: 'https://pvlab.invalid/run-metrics.schema.json', title: 'PV Lab run metrics (pvlab run --json)', ...z.toJSONSchema(RunMetrics) },
    'report.schema.json': reportJsonSchema(),
  };
}
