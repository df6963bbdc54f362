/**
 * N runs side by side, grouped (work, CPU, exits, paths, resources, service), each value with
 * its ratio to the baseline (the first run) marked better or worse where a direction is known.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompareRow } from '../../../../core/contract/index.ts';
import type { RunSummary } from '../../../../core/model/index.ts';
import { useFmt } from '../run/format.ts';
import { ratio, rowLabel, verdict } from './labels.ts';

const GROUPS: CompareRow['group'][] = ['work', 'cpu', 'exits', 'paths', 'resources', 'service'];

export function CompareTable({ runs, guests, rows }: { runs: RunSummary[]; guests: string[]; rows: CompareRow[] }) {
  const { t } = useTranslation('compare');
  const f = useFmt();
  const [guest, setGuest] = useState('');
  const [onlyDiff, setOnlyDiff] = useState(true);

  const value = (v: number | null, unit: string) => {
    if (v === null) return '–';
    switch (unit) {
      case 'ns': return f.ns(v);
      case 'ms': return `${f.num(v, 3)} ms`;
      case '%': return `${f.num(v, 1)} %`;
      case '/s': return `${f.num(v, 1)}/s`;
      default: return f.num(v, 2);
    }
  };
  const shown = rows.filter((r) => {
    const l = rowLabel(r, guests);
    if (guest && l.guest !== null && l.guest !== guest) return false;
    if (!onlyDiff) return true;
    const first = r.values[0];
    return r.values.some((v) => v !== first);
  });

  return (
    <div className="cmp-table-wrap">
      <div className="toolbar">
        <label>
          {t('guestFilter')}{' '}
          <select aria-label={t('guestFilter')} value={guest} onChange={(e) => setGuest(e.target.value)}>
            <option value="">{t('allGuests')}</option>
            {guests.map((g) => <option key={g} value={g}>{g}</option>)}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.target.checked)} /> {t('onlyDiff')}
        </label>
        <span className="muted">{t('rowsShown', { shown: shown.length, total: rows.length })}</span>
      </div>
      <table className="cmp-table">
        <thead>
          <tr>
            <th scope="col">{t('figure')}</th>
            {runs.map((r, i) => (
              <th key={r.id} scope="col" className="num">
                <a href={`#/runs/${r.id}`}>#{r.id}</a> {i === 0 && <span className="badge info">{t('baseline')}</span>}
                <div className="muted cmp-run-title" title={r.title}>{r.title}</div>
              </th>
            ))}
          </tr>
        </thead>
        {GROUPS.map((g) => {
          const inGroup = shown.filter((r) => r.group === g);
          if (inGroup.length === 0) return null;
          return (
            <tbody key={g}>
              <tr className="cmp-group">
                <th scope="rowgroup" colSpan={runs.length + 1}>{t(`group.${g}`)}</th>
              </tr>
              {inGroup.map((r) => {
                const l = rowLabel(r, guests);
                return (
                  <tr key={r.name}>
                    <th scope="row">
                      {l.guest && <span className="cmp-guest">{l.guest}</span>} {t(`row.${l.key}`, {
                        ...l.params,
                        ...(l.params.part ? { part: t(`cpuPart.${l.params.part}`, { defaultValue: l.params.part }) } : {}),
                        ...(l.params.cls ? { cls: t(`pathClass.${l.params.cls}`, { defaultValue: l.params.cls }) } : {}),
                      })}
                    </th>
                    {r.values.map((v, i) => {
                      const q = i === 0 ? null : ratio(r.values, i);
                      const how = verdict(l, q);
                      return (
                        <td key={i} className="num">
                          {value(v, r.unit)}
                          {q !== null && <span className={`cmp-ratio${how ? ` cmp-${how}` : ''}`} title={how ? t(how) : undefined}> ×{f.num(q, 2)}</span>}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          );
        })}
      </table>
      {shown.length === 0 && <p className="muted">{t('noDiff')}</p>}
    </div>
  );
}
