/**
 * "Import bundle…": a run bundle (.pvrun) or a scenario bundle (.pvscenario) that another
 * lab exported, from a file the person picks — the desktop open dialog, or a file input in a
 * browser. The page hands the service the file's content (never a path); the service checks every
 * hash and writes nothing unless all of it imports. Then the new run or scenario opens.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BUNDLE_DIALOG_EXTENSIONS, MAX_INLINE_BUNDLE_BYTES, MAX_WEBSOCKET_MESSAGE_BYTES } from '../../../core/contract/files.ts';
import type { LabClient } from '../../../core/contract/index.ts';
import { PvLabError } from '../../../core/model/errors.ts';
import { bytesOfBase64, readFileBase64 } from '../files.ts';
import { useLab } from '../lab.tsx';
import { navigate } from '../router.ts';

/** A picked file, as base64 bytes: a run bundle is a zip, a scenario bundle JSON text. */
type Picked = { name: string; base64: string };

/**
 * The largest bundle the page can send. Over pvlab serve's WebSocket a call is one message of at most
 * MAX_WEBSOCKET_MESSAGE_BYTES, the base64 taking 4 characters for 3 bytes (a little is left for the
 * call around it); over the desktop app's IPC, what the service takes inline.
 */
export function maxBundleBytes(desktop: boolean): number {
  return desktop ? MAX_INLINE_BUNDLE_BYTES : Math.floor(((MAX_WEBSOCKET_MESSAGE_BYTES - 64 * 1024) / 4) * 3);
}

const megabytes = (bytes: number) => `${Math.floor(bytes / 2 ** 20)} MB`;

/** Whether the bytes are a zip (a run bundle); the CLI's `pvlab bundle import` tells them apart the same way. */
const isZip = (base64: string) => atob(base64.slice(0, 4)).startsWith('PK');

type Imported = { kind: 'run'; id: number; title: string; warnings: string[] } | { kind: 'scenario'; id: string; title: string; warnings: string[] };

export async function importPicked(lab: LabClient, file: Picked, replace: boolean, notText: () => Error): Promise<Imported> {
  if (isZip(file.base64)) {
    const r = await lab.call('bundles.importRun', { base64: file.base64 });
    return { kind: 'run', id: r.runId, title: r.title, warnings: r.warnings };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytesOfBase64(file.base64));
  } catch {
    throw notText();
  }
  const r = await lab.call('bundles.importScenario', { text, replace });
  return { kind: 'scenario', id: r.scenario.id, title: r.scenario.title, warnings: r.warnings };
}

export const routeOf = (done: Imported) => (done.kind === 'run' ? `/runs/${done.id}` : `/scenarios/${encodeURIComponent(done.id)}`);

export function ImportBundle({ onError }: { onError: (e: Error | null) => void }) {
  const { t } = useTranslation('bundles');
  const lab = useLab();
  const desktop = Boolean(window.pvlab);
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [pending, setPending] = useState<Picked | null>(null);
  const [done, setDone] = useState<Imported | null>(null);

  const tooLarge = (name: string) => {
    const max = maxBundleBytes(desktop);
    return new PvLabError('too-large', t('tooLarge', { name, max: megabytes(max) }), t(desktop ? 'tooLargeHintDesktop' : 'tooLargeHint'));
  };

  const load = async (file: Picked, replace: boolean) => {
    onError(null);
    setDone(null);
    setBusy(true);
    setMessage(t('working', { name: file.name }));
    try {
      if ((file.base64.length / 4) * 3 > maxBundleBytes(desktop)) throw tooLarge(file.name);
      const imported = await importPicked(lab, file, replace, () => new PvLabError('invalid-input', t('notText', { name: file.name }), t('notTextHint')));
      setPending(null);
      setMessage('');
      // A note (another engine version) is worth reading before the page changes; otherwise open it.
      if (imported.warnings.length > 0) setDone(imported);
      else navigate(routeOf(imported));
    } catch (e) {
      setMessage('');
      if ((e as { code?: string }).code === 'conflict') setPending(file);
      onError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  const choose = async () => {
    const bridge = window.pvlab;
    if (!bridge) return input.current?.click();
    onError(null);
    try {
      const file = await bridge.openFile({ title: t('dialogTitle'), extensions: [...BUNDLE_DIALOG_EXTENSIONS], encoding: 'base64' });
      if (file) await load(file, false);
    } catch (e) {
      onError(e as Error);
    }
  };

  const picked = async (f: File) => {
    if (f.size > maxBundleBytes(desktop)) return onError(tooLarge(f.name));
    try {
      await load({ name: f.name, base64: await readFileBase64(f) }, false);
    } catch (e) {
      onError(e as Error);
    }
  };

  return (
    <>
      <input
        ref={input}
        type="file"
        accept={`${BUNDLE_DIALOG_EXTENSIONS.map((e) => `.${e}`).join(',')},application/zip,application/json`}
        hidden
        aria-label={t('file')}
        tabIndex={-1}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void picked(f);
        }}
      />
      <button type="button" onClick={() => void choose()} disabled={busy} title={t('importHint')}>
        {t('import')}
      </button>
      {message && <span className="muted" role="status">{message}</span>}
      {pending && (
        <span className="row">
          <button type="button" className="primary" onClick={() => void load(pending, true)}>{t('replace')}</button>
          <button type="button" onClick={() => (setPending(null), onError(null))}>{t('common:cancel')}</button>
        </span>
      )}
      {done && (
        <span role="status">
          {t(done.kind === 'run' ? 'importedRun' : 'importedScenario', { id: done.id, title: done.title })} {t('note', { notes: done.warnings.join('; ') })}{' '}
          <a href={`#${routeOf(done)}`}>{t('open')}</a>
        </span>
      )}
    </>
  );
}
