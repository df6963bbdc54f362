/**
 * The PV add-on installer of one guest: every add-on made for the guest's OS family with the
 * status it would have here and why; Install (or Upgrade, Replace) shows the steps with a
 * progress bar, then adds it to the guest and saves. An add-on the resolver refuses changes
 * nothing; one that would stay inactive, fall back or crash asks first. The second tab is the
 * compatibility matrix.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AddonResolution, PvAddon, Scenario } from '../../../../core/model/index.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useLab } from '../../lab.tsx';
import { AddonMatrix } from './AddonMatrix.tsx';
import { type InstallStep, addonPlan, addonsFor, installSteps, installVerdict, installedWith, resolutionOf, withGuestAddons } from './addons.ts';
import { trialScenario } from './draft.ts';
import { type CatalogAll, type CheckResult, checkCached, useTrialChecks } from './hooks.ts';
import { Modal, ProgressBar, StatusBadge } from './ui.tsx';

const STEP_MS = 350;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Job {
  addon: PvAddon;
  plan: 'install' | 'upgrade' | 'replace';
  steps: InstallStep[];
  done: number;
  phase: 'running' | 'confirm' | 'refused' | 'done' | 'failed';
  res: AddonResolution | null;
}

export function AddonInstaller({ scenario, guestId, catalog, onApply, onClose }: {
  scenario: Scenario; guestId: string; catalog: CatalogAll; onApply: (next: Scenario) => Promise<boolean>; onClose: () => void;
}) {
  const { t } = useTranslation('addons');
  const lab = useLab();
  const [tab, setTab] = useState<'install' | 'matrix'>('install');
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const guest = scenario.guests.find((g) => g.id === guestId)!;
  const os = catalog.oses.find((o) => o.id === guest.os);
  const host = scenario.hosts.find((h) => h.id === guest.host);
  const hv = catalog.hypervisors.find((v) => v.id === host?.hypervisor);
  const list = os ? addonsFor(catalog.addons, os.family) : [];
  const trialWith = (a: PvAddon) => trialScenario(scenario, { ...guest, addons: installedWith(guest.addons, a, catalog.addons) });
  const results = useTrialChecks(Object.fromEntries(list.map((a) => [a.id, trialWith(a)])));
  const name = (a: PvAddon) => t('scenario:addonOption', { name: a.name, version: a.version });

  const finish = async (j: Job) => {
    for (let i = j.done; i < j.steps.length; i++) {
      setJob({ ...j, done: i, phase: 'running' });
      await pause(STEP_MS);
    }
    const ok = await onApply(withGuestAddons(scenario, guestId, installedWith(guest.addons, j.addon, catalog.addons)));
    setJob({ ...j, done: j.steps.length, phase: ok ? 'done' : 'failed' });
  };

  const install = async (a: PvAddon) => {
    const plan = addonPlan(guest.addons, a, catalog.addons);
    if (plan.kind === 'installed') return;
    setError(null);
    const j: Job = { addon: a, plan: plan.kind, steps: installSteps(a), done: 0, phase: 'running', res: null };
    setJob(j);
    await pause(STEP_MS); // mount the media
    setJob({ ...j, done: 1 });
    let r: CheckResult;
    try {
      r = await checkCached(lab, trialWith(a));
    } catch (e) {
      setError(e as Error);
      setJob({ ...j, done: 1, phase: 'failed' });
      return;
    }
    await pause(STEP_MS);
    const res = resolutionOf(r.report, guestId, a.id);
    const verdict = res ? installVerdict(res) : 'refused';
    const checked: Job = { ...j, done: 2, res };
    if (verdict === 'refused') setJob({ ...checked, done: 1, phase: 'refused' });
    else if (verdict === 'warn') setJob({ ...checked, done: 1, phase: 'confirm' });
    else await finish(checked);
  };

  const remove = async (id: string) => {
    setError(null);
    setJob(null);
    const ok = await onApply(withGuestAddons(scenario, guestId, guest.addons.filter((x) => x !== id)));
    if (!ok) setError(new Error(t('removeFailed')));
  };

  const busy = job?.phase === 'running';
  return (
    <Modal title={t('title', { guest: guestId })} onClose={onClose} wide>
      <p className="muted">
        {t('intro', { os: os?.name ?? guest.os, host: guest.host, hypervisor: hv?.name ?? t('scenario:bareMetal') })}
      </p>
      <div className="row ad-tabs" role="group" aria-label={t('view')}>
        <button type="button" aria-pressed={tab === 'install'} onClick={() => setTab('install')}>
          {t('tabInstall')}
        </button>
        <button type="button" aria-pressed={tab === 'matrix'} onClick={() => setTab('matrix')}>
          {t('tabMatrix')}
        </button>
      </div>
      <ErrorBox error={error} />
      {tab === 'matrix' ? (
        <AddonMatrix catalog={catalog} osId={guest.os} profileId={host?.profile ?? ''} hypervisorId={host?.hypervisor ?? ''} workload={guest.workload.id} />
      ) : (
        <>
          {job && <InstallProgress job={job} name={name(job.addon)} onForce={() => void finish({ ...job, done: 2 })} onDismiss={() => setJob(null)} />}
          {list.length === 0 && <p className="muted">{t('noneForOs')}</p>}
          <table className="ad-table">
            <thead>
              <tr>
                <th scope="col">{t('col.addon')}</th>
                <th scope="col">{t('col.status')}</th>
                <th scope="col">{t('col.why')}</th>
                <th scope="col">{t('col.action')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((a) => {
                const r = results[a.id];
                const res = r && !(r instanceof Error) ? resolutionOf((r as CheckResult).report, guestId, a.id) : null;
                const plan = addonPlan(guest.addons, a, catalog.addons);
                return (
                  <tr key={a.id} data-addon={a.id}>
                    <th scope="row">
                      {name(a)}
                      <div className="muted">{t('contains', { list: a.components.map((c) => t(`scenario:component.${c.component}`)).join(', ') })}</div>
                      {plan.kind === 'installed' && <span className="badge ok">{t('installed')}</span>}
                    </th>
                    <td>
                      {res ? <StatusBadge status={res.status} /> : r instanceof Error ? <span className="field-error">{r.message}</span> : <span className="muted">{t('scenario:preview.checking')}</span>}
                      {res && <div className="muted">{t(`scenario:outcome.${res.outcome}`)}</div>}
                    </td>
                    <td>
                      <ul className="ad-reasons">
                        {res?.reasons.map((x) => (
                          <li key={x}>{x}</li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      <div className="row">
                        {plan.kind === 'installed' ? (
                          <button type="button" disabled={busy} onClick={() => void remove(a.id)} aria-label={t('removeLabel', { name: name(a) })}>
                            {t('remove')}
                          </button>
                        ) : (
                          <button type="button" disabled={busy} onClick={() => void install(a)} aria-label={t(`${plan.kind}Label`, { name: name(a) })}>
                            {t(plan.kind)}
                          </button>
                        )}
                      </div>
                      {plan.kind !== 'installed' && plan.kind !== 'install' && <div className="muted">{t('replaces', { id: plan.replaces })}</div>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="muted">{t('timelineHint')}</p>
        </>
      )}
    </Modal>
  );
}

function InstallProgress({ job, name, onForce, onDismiss }: { job: Job; name: string; onForce: () => void; onDismiss: () => void }) {
  const { t } = useTranslation('addons');
  const stopped = job.phase === 'refused' || job.phase === 'confirm';
  return (
    <div className={`panel ad-progress ad-${job.phase}`} role="status" aria-live="polite">
      <strong>{t(`heading.${job.plan}`, { name })}</strong>
      <ProgressBar value={job.phase === 'done' ? job.steps.length : job.done} max={job.steps.length} label={t('progress')} />
      <ol className="ad-steps">
        {job.steps.map((st, i) => {
          const state = i < job.done || job.phase === 'done' ? 'done' : i === job.done && !stopped && job.phase === 'running' ? 'now' : stopped && i === job.done ? 'stopped' : 'todo';
          return (
            <li key={st} className={`ad-step-${state}`}>
              {t(`stepState.${state}`)} {t(`step.${st}`, { seconds: job.addon.install.seconds })}
            </li>
          );
        })}
      </ol>
      {job.phase === 'refused' && job.res && (
        <div className="error-box">
          <p>
            <strong>{t('refused')}</strong> <StatusBadge status={job.res.status} />
          </p>
          <ul>
            {job.res.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <p>{t('unchanged')}</p>
        </div>
      )}
      {job.phase === 'confirm' && job.res && (
        <div className="ad-confirm">
          <p>
            <StatusBadge status={job.res.status} /> {t(`warn.${job.res.outcome}`)}
          </p>
          <ul>
            {job.res.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <div className="row">
            <button type="button" onClick={onForce}>
              {t('installAnyway')}
            </button>
            <button type="button" className="primary" onClick={onDismiss}>
              {t('dontInstall')}
            </button>
          </div>
        </div>
      )}
      {job.phase === 'done' && job.res && (
        <p>
          {t('doneText', { name })} <StatusBadge status={job.res.status} />
        </p>
      )}
      {job.phase === 'failed' && <p className="field-error">{t('failed')}</p>}
      {(job.phase === 'done' || job.phase === 'refused' || job.phase === 'failed') && (
        <button type="button" onClick={onDismiss}>
          {t('common:close')}
        </button>
      )}
    </div>
  );
}
