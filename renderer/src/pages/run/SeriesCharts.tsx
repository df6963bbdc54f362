/**
 * A finished run's figures per window of simulated time: throughput and exits per guest, and
 * where CPU time went (stacked) for one guest or all together.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../core/contract/index.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useCall } from '../../lab.tsx';
import { Chart, PALETTE } from './Chart.tsx';
import { useFmt } from './format.ts';

type Series = Output<'runs.series'>;
const CPU_PARTS = ['guest', 'exits', 'hypervisor', 'backend', 'steal'] as const;
export const CPU_COLORS: Record<string, string> = {
  guestUser: '#3b82f6', guestKernel: '#60a5fa', guest: '#3b82f6', exits: '#e11d48', hypervisor: '#f97316', backend: '#8b5cf6', steal: '#eab308', idle: '#94a3b8',
};

/** Columns for uPlot: x in simulated ms, one column per guest of `pick(point of that guest)`. */
export function perGuest(s: Series, guests: readonly string[], pick: (g: Series['points'][number]['guests'][number]) => number): number[][] {
  const x = s.points.map((p) => p.tNs / 1e6);
  return [x, ...guests.map((id) => s.points.map((p) => { const g = p.guests.find((q) => q.guest === id); return g ? pick(g) : 0; }))];
}

/** CPU time per window (ms) by part, for one guest or summed over all (`null`). */
export function cpuColumns(s: Series, guest: string | null): number[][] {
  const x = s.points.map((p) => p.tNs / 1e6);
  return [x, ...CPU_PARTS.map((part) => s.points.map((p) => p.guests.filter((g) => guest === null || g.guest === guest).reduce((a, g) => a + g.cpu[part], 0) / 1e6))];
}

export function SeriesCharts({ runId, guests }: { runId: number; guests: string[] }) {
  const { t } = useTranslation('runs');
  const f = useFmt();
  const series = useCall((lab) => lab.call('runs.series', { runId }), [runId]);
  const [cpuGuest, setCpuGuest] = useState<string>('');
  const s = series.data;
  if (series.error) return <ErrorBox error={series.error} />;
  if (!s) return <p className="muted">{t('loading')}</p>;
  if (s.points.length === 0) return <p className="muted">{t('chart.noSeries')}</p>;
  const winS = s.windowNs / 1e9;
  const colors = guests.map((_, i) => PALETTE[i % PALETTE.length]!);
  const guestSeries = guests.map((g, i) => ({ label: g, color: colors[i]! }));
  const window = f.ns(s.windowNs);
  return (
    <div className="rn-charts">
      <Chart
        title={t('chart.throughput', { window })}
        xLabel={t('chart.simMs')}
        yLabel={t('chart.unitsPerSec')}
        series={guestSeries}
        data={perGuest(s, guests, (g) => (winS > 0 ? g.units / winS : 0))}
        fmtY={(y) => f.num(y, 1)}
        fmtX={(x) => f.num(x, 1)}
      />
      <Chart
        title={t('chart.exits', { window })}
        xLabel={t('chart.simMs')}
        yLabel={t('chart.exitsPerWindow')}
        series={guestSeries}
        data={perGuest(s, guests, (g) => g.exits)}
        fmtY={(y) => f.num(y, 0)}
        fmtX={(x) => f.num(x, 1)}
      />
      <div>
        <Chart
          title={t('chart.cpu', { window, guest: cpuGuest || t('chart.allGuests') })}
          xLabel={t('chart.simMs')}
          yLabel={t('chart.cpuMs')}
          series={CPU_PARTS.map((p) => ({ label: t(`cpu.${p}`), color: CPU_COLORS[p]! }))}
          data={cpuColumns(s, cpuGuest || null)}
          stacked
          fmtY={(y) => f.num(y, 3)}
          fmtX={(x) => f.num(x, 1)}
        />
        <label className="rn-chart-pick">
          {t('chart.cpuFor')}{' '}
          <select aria-label={t('chart.cpuFor')} value={cpuGuest} onChange={(e) => setCpuGuest(e.target.value)}>
            <option value="">{t('chart.allGuests')}</option>
            {guests.map((g) => (
              <option key={g} value={g}>{g}</option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}
