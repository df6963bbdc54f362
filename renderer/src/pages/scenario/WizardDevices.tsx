/**
 * The wizard's devices step: for the NIC, the disk and the clock, each device the host's
 * hypervisor offers — what it is, what one request costs on this host (an estimate from the
 * catalog's figures) and the path the resolver gives it — with what would stop it or make it
 * fall back.
 */
import { useTranslation } from 'react-i18next';
import { DEVICE_INFO, type DeviceModel, DeviceModel as DeviceModelSchema, type GuestSpec, type Scenario, type VirtMode } from '../../../../core/model/index.ts';
import { PROBE_OP, PROBE_WORKLOAD, deviceCost } from './costs.ts';
import { problemsOf, trialGuest, trialScenario } from './draft.ts';
import { type CatalogAll, type CheckResult, useTrialChecks } from './hooks.ts';
import { Badge, ChoiceMessages } from './ui.tsx';

type Cls = 'nic' | 'disk' | 'clock';
const CLASSES: Cls[] = ['nic', 'disk', 'clock'];
const CLASS_OF = { nic: 'net', disk: 'disk', clock: 'clock' } as const;
const TRIAL_ID = 'guest';

export function WizardDevices({ scenario, catalog, os, host, mode, devices, onChange }: {
  scenario: Scenario; catalog: CatalogAll; os: string; host: string; mode: VirtMode; devices: GuestSpec['devices']; onChange: (d: GuestSpec['devices']) => void;
}) {
  const { t } = useTranslation('scenario');
  const hostSpec = scenario.hosts.find((h) => h.id === host);
  const profile = catalog.profiles.find((p) => p.id === hostSpec?.profile);
  const hv = catalog.hypervisors.find((v) => v.id === hostSpec?.hypervisor) ?? null;
  const options = (cls: Cls): (DeviceModel | '')[] => ['', ...DeviceModelSchema.options.filter((m) => DEVICE_INFO[m].class === CLASS_OF[cls] && (m === 'tsc' || (hv?.devices[m] !== undefined)))];
  const trials: Record<string, Scenario> = {};
  for (const cls of CLASSES) {
    for (const m of options(cls)) {
      const g = trialGuest({ id: TRIAL_ID, host, os, mode, workload: PROBE_WORKLOAD[cls], devices: m ? { [cls]: m } : {} });
      trials[`${cls}/${m}`] = trialScenario(scenario, g);
    }
  }
  const results = useTrialChecks(trials);

  return (
    <div className="wz-devices">
      <p className="muted">
        {t('wizard.devicesIntro', { host, profile: profile?.name ?? hostSpec?.profile ?? '', hypervisor: hv?.name ?? t('bareMetal'), mode: t(`mode.${mode}`) })}
      </p>
      {!hv && <p className="muted">{t('wizard.bareMetalDevices')}</p>}
      {CLASSES.map((cls) => (
        <fieldset key={cls} className="wz-fieldset">
          <legend>{t(`field.${cls}`)}</legend>
          <div className="wz-options">
            {options(cls).map((m) => {
              const r = results[`${cls}/${m}`];
              const report = r && !(r instanceof Error) ? (r as CheckResult).report : null;
              const g = report?.guests[0];
              const effective = g ? DeviceModelSchema.safeParse(g.devices[cls]?.model) : null;
              // the device the guest ends up using: the option, or what it falls back to without a driver
              const model: DeviceModel | null = effective?.success ? effective.data : m || null;
              const ideal = m && model !== m && profile ? deviceCost(profile, hv, m) : null;
              const path = g?.operations.find((o) => o.op === PROBE_OP[cls])?.path;
              const problems = report ? problemsOf(report.problems, TRIAL_ID, `devices.${cls}`) : [];
              const warnings = report ? report.warnings.filter((w) => w.startsWith(`${TRIAL_ID}: `)).map((w) => w.slice(TRIAL_ID.length + 2)) : [];
              const cost = model && profile ? deviceCost(profile, hv, model) : null;
              const selected = (devices[cls] ?? '') === m;
              return (
                <label key={m || 'auto'} className={`wz-option${selected ? ' wz-selected' : ''}${problems.length ? ' wz-disabled' : ''}`}>
                  <input
                    type="radio"
                    name={`wz-${cls}`}
                    value={m}
                    checked={selected}
                    disabled={problems.length > 0}
                    onChange={() => onChange({ ...devices, [cls]: m || undefined })}
                  />
                  <span className="wz-option-body">
                    <span className="wz-option-title">
                      {m ? t(`device.${m}.label`) : t('automatic')} {m && <Badge tone={DEVICE_INFO[m].kind === 'emulated' ? 'warn' : 'ok'}>{t(`kind.${DEVICE_INFO[m].kind}`)}</Badge>}
                    </span>
                    <span className="muted">{m ? t(`device.${m}.what`) : model ? t('wizard.autoPicks', { device: t(`device.${model}.label`) }) : t('wizard.autoWhat')}</span>
                    <ChoiceMessages problems={problems} warnings={warnings} />
                    {cost ? (
                      <span>
                        {t('wizard.cost', { cycles: cost.totalCycles, us: (cost.ns / 1000).toFixed(2) })}{' '}
                        <span className="muted">
                          {cost.exits > 0
                            ? t('wizard.costExits', { count: cost.exits, perExit: cost.cyclesPerExit, backend: cost.backendCycles })
                            : t('wizard.costNoExit', { direct: cost.directCycles, backend: cost.backendCycles })}
                        </span>
                      </span>
                    ) : (
                      r && <span className="muted">{t('wizard.noCost')}</span>
                    )}
                    {ideal && <span className="muted">{t('wizard.withDriver', { cycles: ideal.totalCycles, us: (ideal.ns / 1000).toFixed(2) })}</span>}
                    {path && <span className="wz-path">{t('wizard.path', { path })}</span>}
                    {!r && <span className="muted">{t('preview.checking')}</span>}
                    {r instanceof Error && <span className="field-error">{r.message}</span>}
                  </span>
                </label>
              );
            })}
          </div>
        </fieldset>
      ))}
      <p className="muted">{t('wizard.costNote')}</p>
    </div>
  );
}
