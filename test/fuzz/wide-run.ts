// A child process for findings.test.ts: records a very short run of the widest scenario the schema
// allows (256 guests of 512 vCPUs), then asks for its replay lanes; prints what each step took and
// how it ended. Run apart from the tests because the lanes can exhaust the heap and abort the process.
// Usage: node test/fuzz/wide-run.ts BUCKETS
import { inProcessClient } from '../../core/service/transport.ts';
import { builtIn, tempLab } from '../helpers/lab.ts';

const buckets = Number(process.argv[2] ?? 1000);
const lab = tempLab({ inline: false });
const api = inProcessClient(lab.svc);
try {
  const s = builtIn('consolidation-8', 0.01);
  const scenario = { ...s, hosts: [{ ...s.hosts[0]!, cores: 1024 }], guests: Array.from({ length: 256 }, (_, i) => ({ ...s.guests[0]!, id: `g${i}`, vcpus: 512 })) };
  const check = await api.call('scenarios.check', { scenario });
  let t = performance.now();
  const { runId } = await api.call('runs.start', { scenario, confirm: true });
  const run = await api.call('runs.wait', { runId });
  const runMs = performance.now() - t;
  t = performance.now();
  const lanes = await api.call('replay.lanes', { runId, t0: 0, t1: 10_000, buckets }).then((r) => ({ lanes: r.lanes.length }), (e: Error) => ({ error: e.message }));
  process.stdout.write(JSON.stringify({ estimate: check.estimate, run: { status: run.status, events: run.eventCount, ms: runMs }, lanes: { ...lanes, ms: performance.now() - t } }));
} finally {
  lab.done();
}
