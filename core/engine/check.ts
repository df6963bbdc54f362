/**
 * `pvlab check`: validation plus the compatibility report — for each guest its technique, its
 * devices and drivers, every PV component and add-on with status and reasons, and the path each
 * of its workload's operations takes.
 */
import { DEVICE_INFO, type DeviceReport, type GuestReport, MODE_LABEL, type Scenario, type ScenarioCheck } from '../model/index.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { type EffectiveDevice, PathBuilder } from './paths.ts';
import { guestEnv, setupScenario } from './setup.ts';

export type { DeviceReport, GuestReport, ScenarioCheck };

function deviceReport(d: EffectiveDevice): DeviceReport {
  const info = DEVICE_INFO[d.model];
  return {
    model: d.model,
    label: info.label,
    kind: info.kind,
    home: d.home,
    driver: d.driver ? `${d.driver.component} from ${d.driver.origin}: ${d.driver.state}` : null,
    fallback: d.fallback ? d.fallback.model : null,
  };
}

export function checkScenario(scenario: Scenario, catalog: Catalog): ScenarioCheck {
  const setup = setupScenario(scenario, catalog);
  const guests: GuestReport[] = setup.guests.map((g) => {
    const host = setup.hosts[g.host]!;
    let operations: GuestReport['operations'] = [];
    const modeOk = !setup.problems.some((p) => p.where.startsWith(`guests.${g.spec.id}.`));
    if (modeOk) {
      const b = new PathBuilder(guestEnv(host, g, { backend: () => 0, nic: () => 0, disk: () => 0, mmuLock: () => 0 }));
      operations = g.ops.map((op) => {
        const p = b.op(op);
        return { op: op.op, path: p.name, cls: p.cls };
      });
    }
    return {
      guest: g.spec.id,
      host: host.id,
      os: g.os.name,
      mode: g.spec.mode,
      modeLabel: MODE_LABEL[g.spec.mode],
      devices: { nic: g.nic ? deviceReport(g.nic) : null, disk: g.disk ? deviceReport(g.disk) : null, clock: deviceReport(g.clock) },
      components: g.pv,
      addons: g.addons,
      operations,
    };
  });
  return {
    ok: setup.problems.length === 0,
    scenarioId: scenario.id,
    problems: setup.problems,
    warnings: setup.guests.flatMap((g) => g.warnings),
    guests,
  };
}
