/**
 * Scenario files: in the desktop app the shell's open and save dialogs (window.pvlab), in a
 * browser a file input and a download.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Scenario } from '../../../../core/model/index.ts';
import { downloadBlob } from '../../files.ts';
import { useLab } from '../../lab.tsx';

/** Save text as a file: the desktop save dialog, or a browser download. */
export async function downloadText(name: string, text: string, title: string): Promise<void> {
  if (window.pvlab) {
    await window.pvlab.saveFile({ title, defaultName: name, text });
    return;
  }
  downloadBlob(new Blob([text], { type: 'application/json' }), name);
}

/** Import a scenario file; a stored scenario with the same id is replaced only when the person says so. */
export function ImportButton({ onImported, onError }: { onImported: (s: Scenario) => void; onError: (e: Error | null) => void }) {
  const { t } = useTranslation('scenario');
  const lab = useLab();
  const input = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<{ name: string; text: string } | null>(null);

  const load = async (file: { name: string; text: string }, replace: boolean) => {
    onError(null);
    try {
      const s = await lab.call('scenarios.import', { json: file.text, source: file.name, replace });
      setPending(null);
      onImported(s);
    } catch (e) {
      if ((e as { code?: string }).code === 'conflict') setPending(file);
      onError(e as Error);
    }
  };
  const choose = async () => {
    if (window.pvlab) {
      const file = await window.pvlab.openFile({ title: t('importTitle'), extensions: ['json'] });
      if (file) await load(file, false);
    } else input.current?.click();
  };

  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        className="sc-hidden-file"
        aria-label={t('importFile')}
        tabIndex={-1}
        onChange={async (e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) await load({ name: f.name, text: await f.text() }, false);
        }}
      />
      <button type="button" onClick={() => void choose()}>
        {t('import')}
      </button>
      {pending && (
        <span className="row">
          <button type="button" className="primary" onClick={() => void load(pending, true)}>
            {t('importReplace')}
          </button>
          <button type="button" onClick={() => { setPending(null); onError(null); }}>
            {t('common:cancel')}
          </button>
        </span>
      )}
    </>
  );
}
