/**
 * A running run: how much simulated time of the total is done, events so far, the time left
 * estimated from the recent progress rate, Cancel, and a live chart of the event rate.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventPayload } from '../../../../core/contract/index.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useLab, useLabEvent } from '../../lab.tsx';
import { Chart, PALETTE } from './Chart.tsx';
import { type ProgressSample as Sample, etaSeconds } from './figures.ts';
import { fmtWall, useFmt } from './format.ts';

export function Progress({ runId, onCancelled }: { runId: number; onCancelled?: () => void }) {
  const { t } = useTranslation('runs');
  const f = useFmt();
  const lab = useLab();
  const samples = useRef<Sample[]>([]);
  const [last, setLast] = useState<EventPayload<'run.progress'> | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [rate, setRate] = useState<number[][]>([[], []]);

  useLabEvent(
    'run.progress',
    useCallback((p: EventPayload<'run.progress'>) => {
      const prev = samples.current[samples.current.length - 1];
      samples.current.push({ wall: performance.now(), simNs: p.simNs, events: p.events });
      if (prev && p.simNs > prev.simNs) {
        const perMs = (p.events - prev.events) / ((p.simNs - prev.simNs) / 1e6);
        setRate(([x, y]) => [[...x!, p.simNs / 1e6], [...y!, perMs]]);
      }
      setLast(p);
    }, []),
    useMemo(() => ({ runId }), [runId]),
  );

  const cancel = async () => {
    setCancelling(true);
    try {
      await lab.call('runs.cancel', { runId });
      onCancelled?.();
    } catch (e) {
      setError(e as Error);
      setCancelling(false);
    }
  };

  const share = last && last.totalNs > 0 ? Math.min(1, last.simNs / last.totalNs) : 0;
  const eta = last ? etaSeconds(samples.current, last.totalNs) : null;
  return (
    <div className="panel rn-progress">
      <div className="row">
        <progress max={1} value={share} aria-label={t('progress.label')} />
        <strong>{f.pct(share, 0)}</strong>
        <button onClick={() => void cancel()} disabled={cancelling}>
          {cancelling ? t('progress.cancelling') : t('progress.cancel')}
        </button>
      </div>
      <p aria-live="polite">
        {last ? (
          <>
            {t('progress.simulated', { done: f.ns(last.simNs), total: f.ns(last.totalNs) })} · {t('progress.events', { n: f.num(last.events, 0) })} ·{' '}
            {eta === null ? t('progress.etaUnknown') : t('progress.eta', { time: fmtWall(eta) })}
          </>
        ) : (
          t('progress.waiting')
        )}
      </p>
      <ErrorBox error={error} />
      {rate[0]!.length > 1 && (
        <Chart
          title={t('progress.rateChart')}
          xLabel={t('chart.simMs')}
          yLabel={t('chart.eventsPerMs')}
          series={[{ label: t('chart.eventsPerMs'), color: PALETTE[0]! }]}
          data={rate}
          height={180}
          fmtY={(y) => f.num(y, 0)}
          fmtX={(x) => f.num(x, 2)}
        />
      )}
    </div>
  );
}
