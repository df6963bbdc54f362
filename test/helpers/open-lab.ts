// A separate process that opens the lab database at a given moment (for concurrent first use) or
// writes rows and dies without closing (for an unclean end). Usage:
//   node test/helpers/open-lab.ts at <file> <epochMs>      open at that moment, print the report
//   node test/helpers/open-lab.ts crash <file>             write, then SIGKILL itself
import { openLabStore } from '../../core/store/open.ts';

const [mode, file, at] = process.argv.slice(2);
if (!file) throw new Error('usage: open-lab.ts at|crash <file> [epochMs]');
if (mode === 'at') {
  while (Date.now() < Number(at)) {
    // spin until the shared start moment so the processes really open together
  }
  const store = openLabStore(file);
  process.stdout.write(JSON.stringify({ from: store.report.fromVersion, to: store.report.toVersion }));
  store.close();
} else if (mode === 'crash') {
  const store = openLabStore(file);
  store.lab.db.prepare("INSERT INTO scenarios (id, builtin, title, json, created_at, updated_at) VALUES ('left-behind', 0, 'x', '{}', 'now', 'now')").run();
  process.kill(process.pid, 'SIGKILL');
}
