/**
 * Figures per window of simulated time, sampled while a run runs: for each guest the units it
 * completed, the exits it took and where its CPU time went in that window. The driver samples the
 * engine's cumulative metrics between slices (reading them changes nothing in the simulation) and
 * this module turns the cumulative samples into per-window differences.
 */
import { type RunMetrics, type SeriesPoint, totalExits } from '../model/index.ts';

/** Cumulative figures of one guest at one moment. */
export interface GuestSample {
  guest: string;
  units: number;
  exits: number;
  cpu: { guest: number; exits: number; hypervisor: number; backend: number; steal: number };
}

export interface Sample {
  tNs: number;
  guests: GuestSample[];
}

/** About this many windows per run. */
export const SERIES_WINDOWS = 100;

export function sampleOf(m: RunMetrics): Sample {
  return {
    tNs: m.simulatedNs,
    guests: m.guests.map((g) => ({
      guest: g.guest,
      units: g.unitsCompleted,
      exits: totalExits(g),
      cpu: { guest: g.cpu.guestUser + g.cpu.guestKernel, exits: g.cpu.exits, hypervisor: g.cpu.hypervisor, backend: g.cpu.backend, steal: g.cpu.steal },
    })),
  };
}

/** Per-window differences of consecutive samples (the first window starts at the first sample). */
export function windows(samples: readonly Sample[]): { windowNs: number; points: SeriesPoint[] } {
  const points: SeriesPoint[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    points.push({
      tNs: b.tNs,
      guests: b.guests.map((g) => {
        const p = a.guests.find((x) => x.guest === g.guest);
        const d = (x: number, y: number | undefined) => Math.max(0, x - (y ?? 0));
        return {
          guest: g.guest,
          units: d(g.units, p?.units),
          exits: d(g.exits, p?.exits),
          cpu: {
            guest: d(g.cpu.guest, p?.cpu.guest), exits: d(g.cpu.exits, p?.cpu.exits), hypervisor: d(g.cpu.hypervisor, p?.cpu.hypervisor),
            backend: d(g.cpu.backend, p?.cpu.backend), steal: d(g.cpu.steal, p?.cpu.steal),
          },
        };
      }),
    });
  }
  const first = samples[0];
  const last = samples[samples.length - 1];
  const windowNs = first && last && points.length > 0 ? (last.tNs - first.tNs) / points.length : 0;
  return { windowNs, points };
}
