/**
 * Branch from here: a new run from the selected moment with one change (install or remove an
 * add-on, change a guest's load or a device, fail a host, migrate a guest). Opens the new run.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEVICE_INFO, type BranchChange, type DeviceModel, type Scenario } from '../../../../core/model/index.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useCall, useLab } from '../../lab.tsx';
import { navigate } from '../../router.ts';
import { useFmt } from '../run/format.ts';
import { newJobId, useJobProgress } from './useJob.ts';

const CHANGES = ['install-addon', 'remove-addon', 'set-load', 'set-device', 'host-failure', 'migrate'] as const;
type ChangeName = (typeof CHANGES)[number];
const DEVICES = ['nic', 'disk', 'clock'] as const;
const CLASS = { nic: 'net', disk: 'disk', clock: 'clock' } as const;
const MODELS = Object.keys(DEVICE_INFO) as DeviceModel[];

export function Branch({ runId, scenario, tNs, eventIndex }: { runId: number; scenario: Scenario; tNs: number | null; eventIndex: number }) {
  const { t } = useTranslation('replay');
  const f = useFmt();
  const lab = useLab();
  const addons = useCall((l) => l.call('catalog.list', { kind: 'addons', limit: 1000 }), []);
  const [change, setChange] = useState<ChangeName>('install-addon');
  const [guest, setGuest] = useState(scenario.guests[0]?.id ?? '');
  const [addon, setAddon] = useState('');
  const [host, setHost] = useState(scenario.hosts[0]?.id ?? '');
  const [device, setDevice] = useState<(typeof DEVICES)[number]>('nic');
  const [model, setModel] = useState<DeviceModel | ''>('');
  const [demandKind, setDemandKind] = useState<'closed' | 'open'>('open');
  const [amount, setAmount] = useState('1000');
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const progress = useJobProgress(jobId);

  const g = scenario.guests.find((x) => x.id === guest);
  const installed = [...new Set([...(g?.addons ?? []), ...scenario.timeline.flatMap((a) => (a.action === 'install-addon' && a.guest === guest ? [a.addon] : []))])];
  const addonChoices = change === 'remove-addon' && installed.length > 0 ? installed.map((id) => ({ id, name: id })) : (addons.data?.items ?? []);
  const addonId = addon && addonChoices.some((a) => a.id === addon) ? addon : (addonChoices[0]?.id ?? '');
  const models = MODELS.filter((m) => DEVICE_INFO[m].class === CLASS[device]);
  const modelId = model && models.includes(model) ? model : models[0]!;
  const targets = scenario.hosts.filter((h) => h.id !== g?.host);
  const hostId = change === 'migrate' ? (targets.some((h) => h.id === host) ? host : (targets[0]?.id ?? '')) : host;
  const n = Number(amount);

  const built = (): BranchChange | null => {
    switch (change) {
      case 'install-addon':
      case 'remove-addon': return guest && addonId ? { change, guest, addon: addonId } : null;
      case 'set-load':
        if (!(n > 0)) return null;
        return { change, guest, demand: demandKind === 'open' ? { kind: 'open', ratePerSec: n } : { kind: 'closed', concurrency: Math.max(1, Math.round(n)) } };
      case 'set-device': return { change, guest, device, model: modelId };
      case 'host-failure': return hostId ? { change, host: hostId } : null;
      case 'migrate': return hostId ? { change, guest, to: hostId } : null;
    }
  };
  const c = built();

  const start = async () => {
    if (!c || tNs === null) return;
    const id = newJobId('branch', runId);
    setJobId(id);
    setError(null);
    try {
      const out = await lab.call('replay.branch', { runId, tNs, change: c, jobId: id });
      navigate(`/runs/${out.runId}`);
    } catch (e) {
      setError(e as Error);
    } finally {
      setJobId(null);
    }
  };

  const guestPick = (
    <label>
      {t('branch.guest')}{' '}
      <select aria-label={t('branch.guest')} value={guest} onChange={(e) => setGuest(e.target.value)}>
        {scenario.guests.map((x) => <option key={x.id} value={x.id}>{x.id}</option>)}
      </select>
    </label>
  );
  return (
    <div className="panel rp-branch">
      <h2>{t('branch.title')}</h2>
      <p className="muted rp-small">{tNs === null ? t('branch.pick') : t('branch.at', { t: f.ns(tNs), index: f.num(eventIndex, 0) })}</p>
      <div className="toolbar">
        <label>
          {t('branch.change')}{' '}
          <select aria-label={t('branch.change')} value={change} onChange={(e) => setChange(e.target.value as ChangeName)}>
            {CHANGES.map((x) => <option key={x} value={x}>{t(`change.${x}`)}</option>)}
          </select>
        </label>
        {change !== 'host-failure' && guestPick}
        {(change === 'install-addon' || change === 'remove-addon') && (
          <label>
            {t('branch.addon')}{' '}
            <select aria-label={t('branch.addon')} value={addonId} onChange={(e) => setAddon(e.target.value)}>
              {addonChoices.map((a) => <option key={a.id} value={a.id}>{a.name === a.id ? a.id : `${a.name} (${a.id})`}</option>)}
            </select>
          </label>
        )}
        {change === 'set-load' && (
          <>
            <label>
              {t('branch.demand')}{' '}
              <select aria-label={t('branch.demand')} value={demandKind} onChange={(e) => setDemandKind(e.target.value as 'open' | 'closed')}>
                <option value="open">{t('branch.open')}</option>
                <option value="closed">{t('branch.closed')}</option>
              </select>
            </label>
            <label>
              {demandKind === 'open' ? t('branch.rate') : t('branch.concurrency')}{' '}
              <input aria-label={demandKind === 'open' ? t('branch.rate') : t('branch.concurrency')} className="rp-num" type="number" min={1} value={amount} onChange={(e) => setAmount(e.target.value)} />
            </label>
          </>
        )}
        {change === 'set-device' && (
          <>
            <label>
              {t('branch.device')}{' '}
              <select aria-label={t('branch.device')} value={device} onChange={(e) => setDevice(e.target.value as (typeof DEVICES)[number])}>
                {DEVICES.map((d) => <option key={d} value={d}>{t(`device.${d}`)}</option>)}
              </select>
            </label>
            <label>
              {t('branch.model')}{' '}
              <select aria-label={t('branch.model')} value={modelId} onChange={(e) => setModel(e.target.value as DeviceModel)}>
                {models.map((m) => <option key={m} value={m}>{DEVICE_INFO[m].label}</option>)}
              </select>
            </label>
          </>
        )}
        {(change === 'host-failure' || change === 'migrate') && (
          <label>
            {change === 'migrate' ? t('branch.to') : t('branch.host')}{' '}
            <select aria-label={change === 'migrate' ? t('branch.to') : t('branch.host')} value={hostId} onChange={(e) => setHost(e.target.value)}>
              {(change === 'migrate' ? targets : scenario.hosts).map((h) => <option key={h.id} value={h.id}>{h.id}</option>)}
            </select>
          </label>
        )}
        <button className="primary" onClick={() => void start()} disabled={!c || tNs === null || jobId !== null}>{t('branch.start')}</button>
        {jobId && (
          <>
            <progress max={progress?.total || 1} value={progress?.done ?? 0} aria-label={t('branch.progress')} />
            <button onClick={() => void lab.call('jobs.cancel', { jobId })}>{t('common:cancel')}</button>
          </>
        )}
      </div>
      {change === 'migrate' && targets.length === 0 && <p className="muted">{t('branch.noTarget')}</p>}
      <ErrorBox error={error ?? addons.error} />
    </div>
  );
}
