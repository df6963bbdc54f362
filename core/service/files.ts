/**
 * LabService's methods for files: reports of a run, of N runs and of a sweep in every format;
 * scenario and run bundles out and in; whole-lab backup and restore. LabService merges these
 * handlers into its table; each gets validated input, like every other method.
 */
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';
import type { Contract, Method, Output } from '../contract/index.ts';
import { type ExportedFile, MAX_INLINE_BUNDLE_BYTES, RUN_BUNDLE_EXT, isRunBundlePath } from '../contract/files.ts';
import { builtInCatalog } from '../catalog/index.ts';
import { PvLabError } from '../model/index.ts';
import { type RenderedReport, type RunInput, buildCompareReport, buildRunReport, buildSweepReport, renderReport } from '../report/index.ts';
import type { LabStore } from '../store/index.ts';
import { restoreLab, backupLab } from '../store/backup.ts';
import { APP_VERSION } from './app-version.ts';
import { RUN_BUNDLE_LIMITS, exportRunBundle, importRunBundle } from './run-bundle.ts';
import { exportScenarioBundle, importScenarioBundle } from './scenario-bundle.ts';

export type FileMethod = Extract<Method, `reports.${string}` | `bundles.${string}` | 'lab.backup' | 'lab.restore'>;
type Handlers = { [M in FileMethod]: (input: z.output<Contract[M]['input']>) => Output<M> | Promise<Output<M>> };

/** What the file methods need from the service. */
export interface FileHost {
  /** The service's store (read when a method is called: the service builds its handlers before it has one). */
  store(): LabStore;
  /** Whether runs are in progress (a restore waits until none are). */
  busy(): boolean;
  /** Drop what was read from the database before a restore (replay cursors). */
  forget(): void;
}

/** A run for a report: refused while it is still running. */
function runInput(store: LabStore, runId: number): RunInput {
  const run = store.runs.get(runId);
  if (run.status === 'running') throw new PvLabError('conflict', `Run #${runId} is still running`, 'make its report when it has finished');
  return { run, series: store.runs.series(runId), catalog: store.runs.plan(runId).catalog };
}

function asFile(r: RenderedReport): ExportedFile {
  if (r.text !== undefined) return { encoding: 'text', fileName: r.fileName, mime: r.mime, text: r.text, bytes: Buffer.byteLength(r.text) };
  const bytes = r.bytes ?? new Uint8Array();
  return { encoding: 'base64', fileName: r.fileName, mime: r.mime, base64: Buffer.from(bytes).toString('base64'), bytes: bytes.length };
}

/** Every run of a sweep, oldest first. */
function sweepRuns(store: LabStore, tag: string): RunInput[] {
  const ids: number[] = [];
  for (let offset = 0, total = 1; offset < total; offset += 500) {
    const page = store.runs.list({ tag, limit: 500, offset });
    total = page.total;
    ids.push(...page.items.filter((r) => r.status !== 'running').map((r) => r.id));
  }
  if (ids.length === 0) throw new PvLabError('not-found', `No finished run is tagged ${tag}`, 'list the runs with `pvlab runs --tag sweep-…` and use a tag they carry');
  return ids.sort((a, b) => a - b).map((id) => runInput(store, id));
}

/** Write bytes whole or not at all. */
function writeAtomic(path: string, bytes: Uint8Array): void {
  if (!existsSync(dirname(path))) throw new PvLabError('not-found', `The folder ${dirname(path)} does not exist`, 'create it first, or choose another place');
  const tmp = `${path}.${process.pid}.partial`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new PvLabError('io', `Could not write ${path}: ${(e as Error).message}`, 'check that the disk has space and the folder can be written');
  }
}

function readBundle(from: string): Uint8Array {
  let st;
  try {
    st = statSync(from);
  } catch {
    throw new PvLabError('not-found', `There is no file ${from}`, 'check the path of the bundle');
  }
  if (!st.isFile()) throw new PvLabError('invalid-input', `${from} is not a file`, `give the path of a run bundle (${RUN_BUNDLE_EXT})`);
  if (st.size > RUN_BUNDLE_LIMITS.maxTotalBytes) throw new PvLabError('too-large', `${from} is larger than a run bundle can be`, 'check that you chose the right file');
  return readFileSync(from);
}

export function fileHandlers(host: FileHost): Handlers {
  const opts = (lang: 'en' | 'sv') => ({ lang, appVersion: APP_VERSION });
  return {
    'reports.run': ({ runId, baseline, format, lang }) => {
      if (baseline === runId) throw new PvLabError('invalid-input', 'A run cannot be its own baseline', 'choose another run as the baseline, or none');
      const doc = buildRunReport(runInput(host.store(), runId), baseline === undefined ? null : runInput(host.store(), baseline), opts(lang));
      return asFile(renderReport(doc, format));
    },
    'reports.compare': ({ runIds, format, lang }) => {
      if (new Set(runIds).size !== runIds.length) throw new PvLabError('invalid-input', 'A run appears twice in the comparison', 'list each run once');
      return asFile(renderReport(buildCompareReport(runIds.map((id) => runInput(host.store(), id)), opts(lang)), format));
    },
    'reports.sweep': ({ tag, format, lang }) => asFile(renderReport(buildSweepReport(tag, sweepRuns(host.store(), tag), opts(lang)), format)),

    'bundles.exportScenario': ({ id }) => {
      const b = exportScenarioBundle(host.store(), id, APP_VERSION);
      return { encoding: 'text', fileName: b.fileName, mime: 'application/json', text: b.text, bytes: Buffer.byteLength(b.text) };
    },
    'bundles.importScenario': ({ text, replace }) => importScenarioBundle(host.store(), text, replace),
    'bundles.exportRun': ({ runId, to }) => {
      const b = exportRunBundle(host.store(), runId, APP_VERSION);
      if (to !== undefined) {
        if (!isRunBundlePath(to)) throw new PvLabError('invalid-input', `${to} does not end in ${RUN_BUNDLE_EXT} or .zip`, `name the bundle …${RUN_BUNDLE_EXT}`);
        writeAtomic(to, b.bytes);
        return { encoding: 'file', fileName: b.fileName, mime: 'application/zip', path: to, bytes: b.bytes.length };
      }
      if (b.bytes.length > MAX_INLINE_BUNDLE_BYTES) throw new PvLabError('too-large', `Run #${runId}'s bundle is ${Math.round(b.bytes.length / 2 ** 20)} MiB, too large to hand over here`, `export it with the command line: pvlab bundle export ${runId} --out FILE`);
      return { encoding: 'base64', fileName: b.fileName, mime: 'application/zip', base64: Buffer.from(b.bytes).toString('base64'), bytes: b.bytes.length };
    },
    'bundles.importRun': ({ base64, from }) => {
      if ((base64 === undefined) === (from === undefined)) throw new PvLabError('invalid-input', 'Import a run bundle from either its bytes or a path', 'pass base64 or from, not both');
      return importRunBundle(host.store(), from !== undefined ? readBundle(from) : Buffer.from(base64!, 'base64'));
    },

    'lab.backup': ({ to }) => backupLab(host.store().lab, to),
    'lab.restore': async ({ from }) => {
      if (host.busy()) throw new PvLabError('conflict', 'Runs are still in progress', 'wait for them to end (or cancel them), then restore');
      host.forget();
      return restoreLab(host.store().lab, from, () => {
        // a backup from another PV Lab may hold other built-ins: bring them up to this one's
        host.store().seedBuiltIns(builtInCatalog());
        host.store().runs.markInterrupted();
        host.forget();
      });
    },
  };
}
