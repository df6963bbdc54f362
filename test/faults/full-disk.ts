// `pvlab` on a disk that fills up: the lab database may grow by only a few pages (PRAGMA
// max_page_count on the connection the command opens), then the command runs as usual.
// Usage: node test/faults/full-disk.ts EXTRA_PAGES pvlab-arguments…
import { main } from '../../core/cli/main.ts';
import { LabStore } from '../../core/store/index.ts';

const [extra, ...argv] = process.argv.slice(2);
if (extra === undefined || !/^\d+$/.test(extra)) throw new Error('usage: full-disk.ts EXTRA_PAGES pvlab-arguments…');

const open = LabStore.open.bind(LabStore);
LabStore.open = (file, opts) => {
  const store = open(file, opts);
  const pages = Number(store.lab.db.pragma('page_count', { simple: true }));
  store.lab.db.pragma(`max_page_count = ${pages + Number(extra)}`);
  return store;
};

process.exitCode = await main(argv);
