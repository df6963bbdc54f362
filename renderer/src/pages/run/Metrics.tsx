/** A finished run's headline figures per guest, and where each guest's CPU time went. */
import { useTranslation } from 'react-i18next';
import type { CpuSplit, RunMetrics } from '../../../../core/model/index.ts';
import { cpuShares, exitsPerUnit } from './figures.ts';
import { CPU_COLORS } from './SeriesCharts.tsx';
import { useFmt } from './format.ts';

function CpuBar({ cpu, guest }: { cpu: CpuSplit; guest: string }) {
  const { t } = useTranslation('runs');
  const f = useFmt();
  const shares = cpuShares(cpu).filter((s) => s.share > 0);
  return (
    <div className="rn-cpu">
      <div className="rn-cpu-bar" role="img" aria-label={t('metrics.cpuOf', { guest, split: shares.map((s) => `${t(`cpu.${s.part}`)} ${f.pct(s.share)}`).join(', ') })}>
        {shares.map((s) => (
          <span key={s.part} style={{ width: `${s.share * 100}%`, background: CPU_COLORS[s.part] }} title={`${t(`cpu.${s.part}`)} ${f.pct(s.share)}`} />
        ))}
      </div>
      <ul className="rn-cpu-legend">
        {shares.map((s) => (
          <li key={s.part}>
            <i style={{ background: CPU_COLORS[s.part] }} /> {t(`cpu.${s.part}`)} {f.pct(s.share)}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Metrics({ metrics }: { metrics: RunMetrics }) {
  const { t } = useTranslation('runs');
  const f = useFmt();
  return (
    <>
      <div className="rn-table-wrap">
      <table className="rn-metrics">
        <thead>
          <tr>
            <th scope="col">{t('metrics.guest')}</th>
            <th scope="col">{t('metrics.mode')}</th>
            <th scope="col" className="num">{t('metrics.throughput')}</th>
            <th scope="col" className="num">{t('metrics.p50')}</th>
            <th scope="col" className="num">{t('metrics.p99')}</th>
            <th scope="col" className="num">{t('metrics.exitsPerUnit')}</th>
            <th scope="col" className="num">{t('metrics.availability')}</th>
            <th scope="col">{t('metrics.statusCol')}</th>
          </tr>
        </thead>
        <tbody>
          {metrics.guests.map((g) => (
            <tr key={g.guest}>
              <th scope="row">
                {g.guest}
                <div className="muted rn-small rn-unit">{t('metrics.where', { host: g.host, unit: g.unit })}</div>
              </th>
              <td>{t(`mode.${g.mode}`)}</td>
              <td className="num">
                {f.num(g.throughputPerSec, 1)} <span className="muted">{t('metrics.perSec')}</span>
              </td>
              <td className="num">{g.latencyNs.count > 0 ? f.ns(g.latencyNs.p50) : '–'}</td>
              <td className="num">{g.latencyNs.count > 0 ? f.ns(g.latencyNs.p99) : '–'}</td>
              <td className="num">{f.num(exitsPerUnit(g), 2)}</td>
              <td className="num">{f.pct(g.service.availability, 2)}</td>
              <td>
                {t(`guestStatus.${g.status}`)}
                {g.fallbacks > 0 && <span className="badge warn rn-tag">{t('metrics.fallbacks', { n: f.num(g.fallbacks, 0) })}</span>}
                {g.crashed && <span className="badge bad rn-tag">{t('metrics.crashed')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <h3 className="rn-h3">{t('metrics.cpuTitle')}</h3>
      <div className="rn-cpu-list">
        {metrics.guests.map((g) => (
          <div key={g.guest} className="rn-cpu-row">
            <span className="rn-cpu-name">{g.guest}</span>
            <CpuBar cpu={g.cpu} guest={g.guest} />
          </div>
        ))}
      </div>
    </>
  );
}
