/**
 * Export a bundle: a run (scenario as run, recording, checkpoints, manifest with hashes — what a
 * student hands in and a teacher imports and replays) or a scenario (with its manifest). The
 * service makes the file; it is saved through the desktop dialog or downloaded.
 */
import { useTranslation } from 'react-i18next';
import type { ExportedFile } from '../../../core/contract/files.ts';
import { saveExported } from '../files.ts';
import { useLab } from '../lab.tsx';
import { ErrorBox } from './ErrorBox.tsx';
import { savedKey, useFileAction } from './file-action.ts';

export type BundleSubject = { kind: 'run'; runId: number } | { kind: 'scenario'; id: string };

export function ExportBundle({ subject }: { subject: BundleSubject }) {
  const { t } = useTranslation('bundles');
  const lab = useLab();
  const { busy, message, error, perform } = useFileAction();

  const exportIt = () =>
    perform(t('exporting'), async () => {
      const f: ExportedFile = subject.kind === 'run' ? await lab.call('bundles.exportRun', { runId: subject.runId }) : await lab.call('bundles.exportScenario', { id: subject.id });
      const key = savedKey(await saveExported(f, t(subject.kind === 'run' ? 'exportRun' : 'exportScenario')));
      return key ? t(key, { name: f.fileName }) : t('notSaved');
    });

  return (
    <>
      <button type="button" onClick={() => void exportIt()} disabled={busy} title={t(subject.kind === 'run' ? 'exportRunHint' : 'exportScenarioHint')}>
        {t(subject.kind === 'run' ? 'exportRun' : 'exportScenario')}
      </button>
      {message && <span className="muted" role="status">{message}</span>}
      {error && <ErrorBox error={error} />}
    </>
  );
}
