/**
 * The compatibility matrix: add-on × hypervisor × host profile, each cell the status the resolver
 * gives one guest of the chosen OS with that add-on, alone on such a host (checks are cached).
 * Columns are the hypervisors on one profile, or the profiles under one hypervisor.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AddonResolution, Scenario } from '../../../../core/model/index.ts';
import { addonsFor, matrixTrial, resolutionOf, statusTone } from './addons.ts';
import { type CatalogAll, type CheckResult, useTrialChecks } from './hooks.ts';
import { Field, StatusBadge, EntryOptions } from './ui.tsx';

export function AddonMatrix({ catalog, osId, profileId, hypervisorId, workload }: { catalog: CatalogAll; osId: string; profileId: string; hypervisorId: string; workload: string }) {
  const { t } = useTranslation('addons');
  const [os, setOs] = useState(osId);
  const [across, setAcross] = useState<'hypervisors' | 'profiles'>('hypervisors');
  const [profile, setProfile] = useState(profileId || catalog.profiles[0]?.id || '');
  const [hypervisor, setHypervisor] = useState(hypervisorId || catalog.hypervisors[0]?.id || '');
  const [picked, setPicked] = useState<string | null>(null);
  const osEntry = catalog.oses.find((o) => o.id === os);
  const addons = osEntry ? addonsFor(catalog.addons, osEntry.family) : [];
  const columns = across === 'hypervisors'
    ? catalog.hypervisors.map((hv) => ({ id: hv.id, label: hv.name, title: `${hv.name} ${hv.version}`, hv, profile: catalog.profiles.find((p) => p.id === profile) }))
    : [...catalog.profiles].sort((a, b) => a.year - b.year).map((p) => ({ id: p.id, label: p.cpu.model, title: p.name, hv: catalog.hypervisors.find((h) => h.id === hypervisor), profile: p }));
  // a guest of this OS cannot run on a host of another architecture: no add-on question to ask there
  const runsOn = (arch: string) => !!osEntry && (osEntry.archs.some((a) => a === arch) || (arch === 'x86_64' && osEntry.archs.includes('i686')));

  const trials: Record<string, Scenario> = {};
  for (const a of addons) {
    for (const c of columns) {
      if (osEntry && c.hv && c.profile && runsOn(c.profile.arch)) trials[`${a.id}|${c.id}`] = matrixTrial({ profile: c.profile, hv: c.hv, os: osEntry, addon: a, workload });
    }
  }
  const results = useTrialChecks(trials);
  const cell = (key: string): AddonResolution | null | Error | undefined => {
    const r = results[key];
    if (r === undefined || r instanceof Error) return r;
    return resolutionOf((r as CheckResult).report, 'guest', key.split('|')[0]!);
  };
  const total = Object.keys(trials).length;
  const done = Object.keys(trials).filter((k) => results[k] !== undefined).length;
  const pickedRes = picked ? cell(picked) : null;
  const [pickedAddon, pickedCol] = picked ? picked.split('|') : [];

  return (
    <div className="ad-matrix">
      <p className="muted">{t('matrix.intro')}</p>
      <div className="sc-grid">
        <Field label={t('matrix.os')} wide>
          <select value={os} onChange={(e) => setOs(e.target.value)}>
            <EntryOptions entries={catalog.oses} />
          </select>
        </Field>
        <Field label={t('matrix.across')} wide>
          <select value={across} onChange={(e) => setAcross(e.target.value as 'hypervisors' | 'profiles')}>
            <option value="hypervisors">{t('matrix.acrossHypervisors')}</option>
            <option value="profiles">{t('matrix.acrossProfiles')}</option>
          </select>
        </Field>
        {across === 'hypervisors' ? (
          <Field label={t('matrix.profile')} wide>
            <select value={profile} onChange={(e) => setProfile(e.target.value)}>
              <EntryOptions entries={catalog.profiles} />
            </select>
          </Field>
        ) : (
          <Field label={t('matrix.hypervisor')} wide>
            <select value={hypervisor} onChange={(e) => setHypervisor(e.target.value)}>
              <EntryOptions entries={catalog.hypervisors} />
            </select>
          </Field>
        )}
      </div>
      {done < total && <p className="muted" aria-live="polite">{t('matrix.computing', { done, total })}</p>}
      {addons.length === 0 ? (
        <p className="muted">{t('noneForOs')}</p>
      ) : (
        <div className="ad-matrix-scroll">
          <table className="ad-matrix-table">
            <caption className="sc-caption">{t('matrix.caption', { os: osEntry?.name ?? os })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('col.addon')}</th>
                {columns.map((c) => (
                  <th key={c.id} scope="col" className={across === 'profiles' ? 'ad-col ad-col-vertical' : 'ad-col'} title={c.title}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {addons.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{t('scenario:addonOption', { name: a.name, version: a.version })}</th>
                  {columns.map((c) => {
                    const key = `${a.id}|${c.id}`;
                    const r = cell(key);
                    if (c.profile && !runsOn(c.profile.arch)) {
                      return (
                        <td key={c.id} className="ad-cell muted" title={t('matrix.otherArch', { arch: c.profile.arch })} aria-label={t('matrix.otherArch', { arch: c.profile.arch })}>
                          n/a
                        </td>
                      );
                    }
                    return (
                      <td key={c.id} className="ad-cell">
                        {r && !(r instanceof Error) ? (
                          <button
                            type="button"
                            className={`ad-cell-button badge ${statusTone(r.status)}`}
                            aria-pressed={picked === key}
                            aria-label={t('matrix.cellLabel', { addon: `${a.name} ${a.version}`, column: c.title, status: t(`status.${r.status}`) })}
                            title={r.reasons.join('\n')}
                            onClick={() => setPicked(picked === key ? null : key)}
                          >
                            {t(`short.${r.status}`)}
                          </button>
                        ) : r instanceof Error ? (
                          <span className="field-error" title={r.message}>
                            !
                          </span>
                        ) : (
                          <span className="muted">…</span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="ad-legend" aria-label={t('matrix.legend')}>
        <span className="row">
          <span className="muted">n/a</span> {t('matrix.naLegend')}
        </span>
        {(['current', 'too-old', 'too-new', 'unsupported', 'blacklisted', 'inactive-on-hypervisor', 'incompatible-hardware'] as const).map((s) => (
          <span key={s} className="row">
            <span className={`badge ${statusTone(s)}`}>{t(`short.${s}`)}</span> {t(`status.${s}`)}
          </span>
        ))}
      </div>
      {picked && pickedRes && !(pickedRes instanceof Error) && (
        <div className="panel ad-picked" aria-live="polite">
          <strong>
            {catalog.addons.find((a) => a.id === pickedAddon)?.name} {catalog.addons.find((a) => a.id === pickedAddon)?.version} ·{' '}
            {columns.find((c) => c.id === pickedCol)?.title}
          </strong>{' '}
          <StatusBadge status={pickedRes.status} /> <span className="muted">{t(`scenario:outcome.${pickedRes.outcome}`)}</span>
          <ul>
            {pickedRes.reasons.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
