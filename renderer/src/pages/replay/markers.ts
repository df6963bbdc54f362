/**
 * A timeline marker in words from the replay catalog: the scenario's timeline action it stands
 * for (found by action and time) gives the add-on, host or target; moments the engine marks on
 * its own (a crash, a finished migration, an HA restart) name their guest.
 */
import type { TFunction } from 'i18next';
import type { Marker } from '../../../../core/contract/index.ts';
import type { Scenario } from '../../../../core/model/index.ts';

const MOMENTS = ['crash', 'migrate_done', 'ha_restart', 'no_target', 'reboot'];

export function markerText(m: Marker, scenario: Scenario, t: TFunction): string {
  const a = scenario.timeline.find((x) => x.action === m.action && Math.abs(x.atMs * 1e6 - m.tNs) < 1);
  if (a) {
    switch (a.action) {
      case 'install-addon':
      case 'remove-addon': return t(`marker.${a.action}`, { guest: a.guest, addon: a.addon });
      case 'set-load': return t('marker.set-load', { guest: a.guest });
      case 'set-device': return t('marker.set-device', { guest: a.guest, device: t(`device.${a.device}`), model: a.model });
      case 'host-failure':
      case 'host-repair':
      case 'host-maintenance': return t(`marker.${a.action}`, { host: a.host });
      case 'migrate': return t('marker.migrate', { guest: a.guest, to: a.to });
    }
  }
  if (MOMENTS.includes(m.action)) return t(`marker.${m.action}`, { guest: m.guest ?? m.host ?? '' });
  return m.label;
}
