/** What changed against the baseline, in sentences from the message catalog (one list per compared run). */
import { useTranslation } from 'react-i18next';
import type { CompareRow, Finding } from '../../../../core/contract/index.ts';
import type { RunSummary } from '../../../../core/model/index.ts';
import { useFmt } from '../run/format.ts';
import { findingFigures, findingResource } from './labels.ts';

export function Findings({ runs, rows, findings }: { runs: RunSummary[]; rows: CompareRow[]; findings: Finding[] }) {
  const { t } = useTranslation('compare');
  const f = useFmt();
  const base = runs[0];
  if (!base) return null;
  const phrase = (x: Finding) => {
    const fig = findingFigures(x, rows);
    const show = (v: number | null) => {
      if (v === null) return '–';
      if (fig.unit === 'share') return f.pct(v, 1);
      if (fig.unit === 'perSec') return `${f.num(v, 1)}/s`;
      return f.num(v, 2);
    };
    return t(`finding.${x.id}`, {
      guest: x.guest ?? '',
      a: show(fig.a),
      b: show(fig.b),
      ratio: `×${f.num(x.figure, 2)}`,
      resource: x.id === 'busier-resource' ? findingResource(x) : '',
    });
  };
  return (
    <div className="cmp-findings">
      {runs.slice(1).map((r, k) => {
        const mine = findings.filter((x) => x.run === k + 1);
        return (
          <section key={r.id} className="panel" aria-labelledby={`cmp-f-${r.id}`}>
            <h3 id={`cmp-f-${r.id}`} className="cmp-h3">{t('against', { run: `#${r.id} ${r.title}`, base: `#${base.id}` })}</h3>
            {mine.length === 0 ? (
              <p className="muted">{t('finding.same')}</p>
            ) : (
              <ul>
                {mine.map((x, i) => <li key={i}>{phrase(x)}</li>)}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
