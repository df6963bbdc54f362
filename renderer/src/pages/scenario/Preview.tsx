/**
 * The live compatibility preview: for each guest its technique, devices and drivers, PV
 * components, add-on statuses with reasons, the problems that stop a run, and the path each
 * operation of its workload takes.
 */
import { useTranslation } from 'react-i18next';
import type { ComponentResolution, DeviceReport, GuestReport, Scenario } from '../../../../core/model/index.ts';
import { DeviceModel } from '../../../../core/model/index.ts';
import type { DeviceModel as DeviceModelId } from '../../../../core/model/index.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { problemsOf } from './draft.ts';
import type { CatalogAll, CheckResult } from './hooks.ts';
import { Badge, StatusBadge } from './ui.tsx';

const STATE_TONE: Record<ComponentResolution['state'], 'ok' | 'warn' | 'bad' | 'info'> = { active: 'ok', fallback: 'warn', crash: 'bad', inactive: 'info' };
const CLASS_TONE: Record<string, 'ok' | 'warn' | 'bad' | 'info'> = { pv: 'ok', passthrough: 'ok', hw: 'ok', native: 'info', emulated: 'warn', bt: 'warn' };

export function Preview({ scenario, check, catalog }: { scenario: Scenario; check: { result: CheckResult | null; error: Error | null; pending: boolean }; catalog: CatalogAll }) {
  const { t } = useTranslation('scenario');
  const report = check.result?.report;
  const other = report ? report.problems.filter((p) => !scenario.guests.some((g) => p.where === `guests.${g.id}` || p.where.startsWith(`guests.${g.id}.`))) : [];
  return (
    <div className="panel sc-preview" aria-busy={check.pending}>
      <div className="toolbar">
        <h2>{t('preview.title')}</h2>
        <span className="sc-spacer" />
        {check.pending ? (
          <span className="muted">{t('preview.checking')}</span>
        ) : report ? (
          report.ok ? <Badge tone="ok">{t('preview.ready')}</Badge> : <Badge tone="bad">{t('problems', { count: report.problems.length })}</Badge>
        ) : null}
      </div>
      {check.result?.estimate && <EstimateLine estimate={check.result.estimate} />}
      {scenario.guests.length === 0 && <p className="muted">{t('preview.noGuests')}</p>}
      <ErrorBox error={check.error} />
      {other.length > 0 && (
        <ul className="sc-problems">
          {other.map((p) => (
            <li key={`${p.where}:${p.message}`} className="field-error">
              <code>{p.where}</code> {p.message}
            </li>
          ))}
        </ul>
      )}
      {report?.guests.map((g) => (
        <GuestPreview key={g.guest} g={g} problems={problemsOf(report.problems, g.guest)} warnings={report.warnings.filter((w) => w.startsWith(`${g.guest}: `)).map((w) => w.slice(g.guest.length + 2))} catalog={catalog} />
      ))}
    </div>
  );
}

function GuestPreview({ g, problems, warnings, catalog }: { g: GuestReport; problems: string[]; warnings: string[]; catalog: CatalogAll }) {
  const { t } = useTranslation('scenario');
  const device = (cls: 'nic' | 'disk' | 'clock', d: DeviceReport | null) => {
    const model = DeviceModel.safeParse(d?.model);
    return (
      <tr key={cls}>
        <th scope="row">{t(`field.${cls}`)}</th>
        <td>
          {d && model.success ? (
            <>
              {t(`device.${model.data}.label`)} <Badge tone={d.kind === 'emulated' ? 'warn' : 'ok'}>{t(`kind.${d.kind}`)}</Badge>
              <div className="muted">
                {t('preview.home', { home: t(`home.${d.home}`) })}
                {driverOf(model.data) && ` · ${t('preview.driver', driverOf(model.data)!)}`}
                {d.fallback && ` · ${t('preview.fallback', { device: deviceLabel(d.fallback) })}`}
              </div>
            </>
          ) : (
            <span className="muted">{t('common:none')}</span>
          )}
        </td>
      </tr>
    );
  };
  const driverOf = (model: DeviceModelId): { component: string; origin: string; state: string } | null => {
    const c = g.components.find((x) => x.device === model && (x.component === 'pv-net' || x.component === 'pv-blk' || x.component === 'pv-clock' || x.component === 'vf-driver'))
      ?? (model === 'sriov-vf' ? g.components.find((x) => x.component === 'vf-driver') : undefined);
    return c ? { component: t(`component.${c.component}`), origin: c.origin === 'inbox' ? t('preview.inbox') : addonName(c.origin), state: t(`state.${c.state}`) } : null;
  };
  const deviceLabel = (m: string) => {
    const p = DeviceModel.safeParse(m);
    return p.success ? t(`device.${p.data}.label`) : m;
  };
  const addonName = (id: string) => {
    const a = catalog.addons.find((x) => x.id === id);
    return a ? t('addonOption', { name: a.name, version: a.version }) : id;
  };
  return (
    <section className="sc-guest-preview" aria-label={t('preview.guest', { id: g.guest })}>
      <h3>
        {g.guest} <span className="muted">{t('preview.on', { os: g.os, host: g.host })}</span>
      </h3>
      <p>
        {t('preview.mode')} <strong>{t(`mode.${g.mode}`)}</strong>
      </p>
      {problems.length > 0 && (
        <ul className="sc-problems" aria-label={t('preview.problems')}>
          {problems.map((m) => (
            <li key={m} className="field-error">
              {m}
            </li>
          ))}
        </ul>
      )}
      {warnings.length > 0 && (
        <ul className="sc-warnings" aria-label={t('preview.warnings')}>
          {warnings.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      <table className="sc-compact">
        <caption className="sc-caption">{t('preview.devices')}</caption>
        <tbody>
          {device('nic', g.devices.nic)}
          {device('disk', g.devices.disk)}
          {device('clock', g.devices.clock)}
        </tbody>
      </table>
      <h4>{t('preview.addons')}</h4>
      {g.addons.length === 0 ? (
        <p className="muted">{t('preview.noAddons')}</p>
      ) : (
        <ul className="sc-addon-list">
          {g.addons.map((a) => (
            <li key={a.addon} data-addon={a.addon}>
              <strong>{addonName(a.addon)}</strong> <StatusBadge status={a.status} /> <span className="muted">{t(`outcome.${a.outcome}`)}</span>
              <ul className="muted">
                {a.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>{t('preview.components', { count: g.components.length })}</summary>
        <ul className="sc-components">
          {g.components.map((c) => (
            <li key={`${c.component}/${c.device ?? ''}`}>
              {t(`component.${c.component}`)}
              {c.device && <span className="muted"> ({t(`device.${c.device}.label`)})</span>} <Badge tone={STATE_TONE[c.state]}>{t(`state.${c.state}`)}</Badge>{' '}
              <span className="muted">
                {c.origin === 'inbox' ? t('preview.inbox') : addonName(c.origin)} — {c.reason}
              </span>
            </li>
          ))}
        </ul>
      </details>
      <details>
        <summary>{t('preview.paths', { count: g.operations.length })}</summary>
        <table className="sc-compact">
          <tbody>
            {g.operations.map((o, i) => (
              <tr key={i}>
                <th scope="row">
                  <code>{o.op}</code>
                </th>
                <td>
                  {o.path} <Badge tone={CLASS_TONE[o.cls] ?? 'info'}>{t(`pathClass.${o.cls}`)}</Badge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

/** What a run of this scenario will cost, from the service's estimate: events, time, recording; long and too-large runs flagged. */
function EstimateLine({ estimate: e }: { estimate: NonNullable<CheckResult['estimate']> }) {
  const { t, i18n } = useTranslation('scenario');
  const n = (x: number, digits = 0) => x.toLocaleString(i18n.language, { maximumFractionDigits: digits });
  // a run shorter than a tenth of a second would read "≈ 0 s"
  const time = e.wallSeconds < 0.1 ? t('preview.underTenthSecond', { tenth: n(0.1, 1) }) : t('preview.aboutSeconds', { seconds: n(e.wallSeconds, 1) });
  const text = t(e.exact ? 'preview.estimateExact' : 'preview.estimate', { events: n(e.events), time, mib: n(e.recordingMiB, 1) });
  return (
    <p className={e.verdict === 'refuse' ? 'field-error' : 'muted'} data-verdict={e.verdict}>
      {text}
      {e.verdict !== 'ok' && <> {' '}<Badge tone={e.verdict === 'refuse' ? 'bad' : 'warn'}>{t(`preview.verdict.${e.verdict}`)}</Badge> {e.reasons.join('; ')}</>}
    </p>
  );
}
