/**
 * New Guest wizard: OS (with a preset of vCPUs and memory) → devices → technique (modes the
 * resolver refuses are disabled with its reason) → workload → host. Finish adds the guest.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Demand, GuestSpec, type Scenario, VirtMode } from '../../../../core/model/index.ts';
import { bestMode, fieldErrors, osPreset, problemsOf, trialGuest, trialScenario, uniqueId } from './draft.ts';
import { type CatalogAll, type CheckResult, useTrialChecks } from './hooks.ts';
import { Badge, Field, Modal, NumberInput, ChoiceMessages } from './ui.tsx';
import { WizardDevices } from './WizardDevices.tsx';

const STEPS = ['os', 'devices', 'mode', 'workload', 'host'] as const;
const TRIAL_ID = 'guest';
const MODE_PROBE = 'batch-cpu';

export function GuestWizard({ scenario: s, catalog, onFinish, onClose }: { scenario: Scenario; catalog: CatalogAll; onFinish: (g: GuestSpec) => void; onClose: () => void }) {
  const { t } = useTranslation('scenario');
  const firstHost = s.hosts[0];
  const hostOf = (id: string) => s.hosts.find((h) => h.id === id);
  const profileOf = (id: string) => catalog.profiles.find((p) => p.id === hostOf(id)?.profile);
  const hvOf = (id: string) => catalog.hypervisors.find((v) => v.id === hostOf(id)?.hypervisor) ?? null;
  const startOs = catalog.oses.find((o) => o.id === 'linux-6') ?? catalog.oses[0]!;
  const [step, setStep] = useState(0);
  const [g, setG] = useState<GuestSpec>(() => ({
    ...trialGuest({
      id: uniqueId(`guest-${s.guests.length + 1}`, s.guests.map((x) => x.id)),
      host: firstHost?.id ?? '',
      os: startOs.id,
      mode: bestMode(profileOf(firstHost?.id ?? ''), hvOf(firstHost?.id ?? '')),
      workload: catalog.workloads.find((w) => w.id === 'specweb')?.id ?? catalog.workloads[0]?.id ?? '',
    }),
    ...osPreset(startOs),
  }));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const form = useRef<HTMLFormElement>(null);
  // a new step: keyboard focus goes to its current choice, so Enter moves on and arrows change it
  useEffect(() => {
    if (step === 0) return;
    const f = form.current;
    (f?.querySelector<HTMLElement>('input:checked:not(:disabled)') ?? f?.querySelector<HTMLElement>('input:not(:disabled), select') ?? f?.querySelector<HTMLElement>('h3'))?.focus();
  }, [step]);
  const set = (patch: Partial<GuestSpec>) => setG((x) => ({ ...x, ...patch }));
  const os = catalog.oses.find((o) => o.id === g.os);
  const workload = catalog.workloads.find((w) => w.id === g.workload.id);

  // technique step: one trial per mode, the guest alone on a copy of its host
  const modeTrials: Record<string, Scenario> = {};
  if (STEPS[step] === 'mode') for (const m of VirtMode.options) modeTrials[m] = trialScenario(s, { ...g, id: TRIAL_ID, mode: m, workload: { id: MODE_PROBE, params: {} } });
  // host step: the whole guest on each host
  const hostTrials: Record<string, Scenario> = {};
  if (STEPS[step] === 'host') for (const h of s.hosts) hostTrials[h.id] = trialScenario(s, { ...g, id: TRIAL_ID, host: h.id });
  const results = useTrialChecks({ ...modeTrials, ...hostTrials });
  const reportOf = (key: string) => {
    const r = results[key];
    return r && !(r instanceof Error) ? (r as CheckResult).report : null;
  };

  const validate = (): boolean => {
    const r = GuestSpec.safeParse(g);
    const errs = r.success ? {} : fieldErrors(r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
    if (s.guests.some((x) => x.id === g.id)) (errs['id'] ??= []).push(t('wizard.idTaken', { id: g.id }));
    setErrors(errs);
    const here: Record<string, string[]> = { os: ['id', 'vcpus', 'memoryMiB', 'os'], devices: ['devices'], mode: ['mode'], workload: ['workload'], host: ['host'] };
    return !Object.keys(errs).some((p) => STEPS.slice(0, step + 1).some((st) => here[st]!.some((f) => p === f || p.startsWith(`${f}.`))));
  };
  const next = () => {
    if (!validate()) return;
    const refused = STEPS[step] === 'mode' ? modeReason(g.mode) : null;
    if (refused) {
      setErrors({ mode: [t('wizard.notHere', { reason: refused })] });
      return;
    }
    if (step < STEPS.length - 1) setStep(step + 1);
    else onFinish(g);
  };

  const modeReason = (m: VirtMode): string | null => {
    if (m === 'native' && s.guests.some((x) => x.host === g.host)) return t('wizard.nativeAlone', { host: g.host });
    const rep = reportOf(m);
    if (!rep) return null;
    const p = [...problemsOf(rep.problems, TRIAL_ID, 'mode'), ...problemsOf(rep.problems, TRIAL_ID, 'host')];
    return p.length > 0 ? p.join(' ') : null;
  };

  const body = () => {
    switch (STEPS[step]) {
      case 'os':
        return (
          <>
            <div className="sc-grid">
              <Field label={t('field.guestId')} errors={errors['id']} hint={t('idHint')}>
                <input value={g.id} onChange={(e) => set({ id: e.target.value })} />
              </Field>
              <Field label={t('field.vcpus')} errors={errors['vcpus']}>
                <NumberInput key={`v-${g.os}`} value={g.vcpus} onChange={(v) => set({ vcpus: v })} />
              </Field>
              <Field label={t('field.memoryMiB')} errors={errors['memoryMiB']}>
                <NumberInput key={`m-${g.os}`} value={g.memoryMiB} onChange={(v) => set({ memoryMiB: v })} />
              </Field>
            </div>
            <fieldset className="wz-fieldset">
              <legend>{t('field.os')}</legend>
              <div className="wz-options">
                {catalog.oses.map((o) => {
                  const p = osPreset(o);
                  return (
                    <label key={o.id} className={`wz-option${g.os === o.id ? ' wz-selected' : ''}`}>
                      <input type="radio" name="wz-os" value={o.id} checked={g.os === o.id} onChange={() => set({ os: o.id, ...osPreset(o) })} />
                      <span className="wz-option-body">
                        <span className="wz-option-title">{o.name}</span>
                        <span className="muted">{t('wizard.osLine', { family: t(`family.${o.family}`), version: o.version, year: o.year, archs: o.archs.join(', ') })}</span>
                        <span>{t('wizard.preset', { vcpus: p.vcpus, memory: p.memoryMiB })}</span>
                      </span>
                    </label>
                  );
                })}
              </div>
            </fieldset>
          </>
        );
      case 'devices':
        return <WizardDevices scenario={s} catalog={catalog} os={g.os} host={g.host} mode={g.mode} devices={g.devices} onChange={(devices) => set({ devices })} />;
      case 'mode':
        return (
          <fieldset className="wz-fieldset">
            <legend>{t('field.mode')}</legend>
            <p className="muted">{t('wizard.modeIntro', { os: os?.name ?? g.os, host: g.host })}</p>
            {errors['mode']?.map((m) => (
              <p key={m} className="field-error" role="alert">
                {m}
              </p>
            ))}
            <div className="wz-options wz-one">
              {VirtMode.options.map((m) => {
                const why = modeReason(m);
                const known = m === 'native' || results[m] !== undefined;
                return (
                  <label key={m} className={`wz-option${g.mode === m ? ' wz-selected' : ''}${why ? ' wz-disabled' : ''}`}>
                    <input type="radio" name="wz-mode" value={m} checked={g.mode === m} disabled={why !== null} onChange={() => set({ mode: m })} />
                    <span className="wz-option-body">
                      <span className="wz-option-title">{t(`mode.${m}`)}</span>
                      <span className="muted">{t(`modeWhat.${m}`)}</span>
                      {!known && <span className="muted">{t('preview.checking')}</span>}
                      {why && <span className="field-error">{t('wizard.notHere', { reason: why })}</span>}
                    </span>
                  </label>
                );
              })}
            </div>
          </fieldset>
        );
      case 'workload':
        return (
          <>
            <fieldset className="wz-fieldset">
              <legend>{t('field.workload')}</legend>
              <div className="wz-options">
                {catalog.workloads.map((w) => (
                  <label key={w.id} className={`wz-option${g.workload.id === w.id ? ' wz-selected' : ''}`}>
                    <input type="radio" name="wz-workload" value={w.id} checked={g.workload.id === w.id} onChange={() => set({ workload: { id: w.id, params: {} } })} />
                    <span className="wz-option-body">
                      <span className="wz-option-title">{w.name}</span>
                      <span className="muted">{w.description}</span>
                      <span>{t('wizard.unit', { unit: w.unit })} · {demandText(w.demand)}</span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
            {workload && (
              <div className="sc-grid">
                <Field label={demandLabel(workload.demand)} errors={errors['workload.demand']}>
                  <NumberInput
                    key={workload.id}
                    value={demandValue(g.workload.demand ?? workload.demand)}
                    onChange={(v) => set({ workload: { ...g.workload, demand: workload.demand.kind === 'closed' ? { kind: 'closed', concurrency: v } : { kind: 'open', ratePerSec: v } } })}
                  />
                </Field>
                {Object.entries(workload.params).map(([k, p]) => (
                  <Field key={k} label={t('param', { name: k })} errors={errors[`workload.params.${k}`]} hint={t('paramHint', { min: p.min, max: p.max, description: p.description })}>
                    <NumberInput value={g.workload.params[k] ?? p.default} onChange={(v) => set({ workload: { ...g.workload, params: { ...g.workload.params, [k]: v } } })} />
                  </Field>
                ))}
              </div>
            )}
          </>
        );
      case 'host':
        return (
          <fieldset className="wz-fieldset">
            <legend>{t('field.host')}</legend>
            <div className="wz-options wz-one">
              {s.hosts.map((h) => {
                const rep = reportOf(h.id);
                const problems = rep ? problemsOf(rep.problems, TRIAL_ID) : [];
                const warnings = rep ? rep.warnings.filter((w) => w.startsWith(`${TRIAL_ID}: `)).map((w) => w.slice(TRIAL_ID.length + 2)) : [];
                return (
                  <label key={h.id} className={`wz-option${g.host === h.id ? ' wz-selected' : ''}`}>
                    <input type="radio" name="wz-host" value={h.id} checked={g.host === h.id} onChange={() => set({ host: h.id })} />
                    <span className="wz-option-body">
                      <span className="wz-option-title">
                        {h.id} {rep && (problems.length ? <Badge tone="bad">{t('problems', { count: problems.length })}</Badge> : <Badge tone="ok">{t('preview.ready')}</Badge>)}
                      </span>
                      <span className="muted">
                        {t('wizard.hostLine', { profile: profileOf(h.id)?.name ?? h.profile, hypervisor: hvOf(h.id)?.name ?? t('bareMetal') })}
                      </span>
                      <ChoiceMessages problems={problems} warnings={warnings} />
                    </span>
                  </label>
                );
              })}
            </div>
            <p className="muted">{t('wizard.summary', { id: g.id, os: os?.name ?? g.os, mode: t(`mode.${g.mode}`), vcpus: g.vcpus, memory: g.memoryMiB, workload: workload?.name ?? g.workload.id })}</p>
          </fieldset>
        );
    }
  };

  function demandText(d: Demand): string {
    return d.kind === 'closed' ? t('demand.closedText', { count: d.concurrency }) : t('demand.openText', { rate: d.ratePerSec });
  }
  function demandLabel(d: Demand): string {
    return d.kind === 'closed' ? t('field.concurrency') : t('field.ratePerSec');
  }
  function demandValue(d: Demand): number {
    return d.kind === 'closed' ? d.concurrency : d.ratePerSec;
  }

  return (
    <Modal title={t('wizard.title')} onClose={onClose} wide tall>
      <ol className="wz-steps">
        {STEPS.map((st, i) => (
          <li key={st} aria-current={i === step ? 'step' : undefined} className={i < step ? 'wz-done' : undefined}>
            {t('wizard.stepN', { n: i + 1, name: t(`wizard.step.${st}`) })}
          </li>
        ))}
      </ol>
      <form
        ref={form}
        className="wz-body"
        onSubmit={(e) => {
          e.preventDefault();
          next();
        }}
      >
        <h3 tabIndex={-1}>{t(`wizard.heading.${STEPS[step]}`)}</h3>
        {body()}
        <div className="toolbar wz-buttons">
          <button type="button" onClick={onClose}>
            {t('common:cancel')}
          </button>
          <span className="sc-spacer" />
          <button type="button" disabled={step === 0} onClick={() => setStep(step - 1)}>
            {t('common:back')}
          </button>
          <button type="submit" className="primary">
            {step === STEPS.length - 1 ? t('wizard.finish') : t('common:next')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
