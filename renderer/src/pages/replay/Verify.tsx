/**
 * Verify a recording: re-simulate the scenario and compare chunk hashes, with progress and
 * Cancel; show that every chunk matches, or the first divergent event with a way to go to it.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VerifyResult } from '../../../../core/model/index.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useLab } from '../../lab.tsx';
import { useFmt } from '../run/format.ts';
import { newJobId, useJobProgress } from './useJob.ts';

export function Verify({ runId, onGo }: { runId: number; onGo: (index: number) => void }) {
  const { t } = useTranslation('replay');
  const f = useFmt();
  const lab = useLab();
  const [jobId, setJobId] = useState<string | null>(null);
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const progress = useJobProgress(jobId);

  const start = async () => {
    const id = newJobId('verify', runId);
    setJobId(id);
    setResult(null);
    setError(null);
    try {
      setResult(await lab.call('replay.verify', { runId, jobId: id }));
    } catch (e) {
      setError(e as Error);
    } finally {
      setJobId(null);
    }
  };
  const d = result?.divergence ?? null;

  return (
    <div className="panel rp-verify">
      <h2>{t('verify.title')}</h2>
      <p className="muted rp-small">{t('verify.what')}</p>
      <div className="row">
        <button className="primary" onClick={() => void start()} disabled={jobId !== null}>{t('verify.start')}</button>
        {jobId && (
          <>
            <progress max={progress?.total || 1} value={progress?.done ?? 0} aria-label={t('verify.progress')} />
            <span className="muted">{progress ? t('verify.done', { done: f.num(progress.done, 0), total: f.num(progress.total, 0) }) : t('verify.starting')}</span>
            <button onClick={() => void lab.call('jobs.cancel', { jobId })}>{t('common:cancel')}</button>
          </>
        )}
      </div>
      <div aria-live="polite">
        {result?.ok && (
          <p className="rp-ok">
            ✓ {t('verify.ok', { chunks: f.num(result.chunksChecked, 0), events: f.num(result.eventsChecked, 0) })}
            {!result.wholeRun && <span className="muted"> {t('verify.partial')}</span>}
          </p>
        )}
        {result && !result.ok && (
          <div className="error-box" role="alert">
            <strong>{t('verify.diverged')}</strong>
            {d ? (
              <p>
                {t('verify.divergence', { index: f.num(d.index, 0), t: d.t === null ? '–' : f.ns(d.t), field: d.field, recorded: String(d.recorded ?? '–'), now: String(d.now ?? '–') })}{' '}
                <button onClick={() => onGo(d.index)}>{t('verify.goTo')}</button>
              </p>
            ) : (
              <p>{t('verify.noDetail', { chunks: f.num(result.chunksChecked, 0) })}</p>
            )}
          </div>
        )}
      </div>
      <ErrorBox error={error} />
    </div>
  );
}
