/**
 * How often each idle vCPU of a guest takes a timer interrupt, as its OS runs its clock:
 * a periodic tick on every vCPU (Windows XP, Linux before dynticks), the tick on the boot vCPU
 * only while the others skip ticks when idle (Windows 7 / Server 2008 R2, "intelligent timer tick
 * distribution"), or ticks skipped on every idle vCPU (Windows 8 and later, Linux NO_HZ_IDLE).
 *
 * An application may raise the timer resolution (timeBeginPeriod(1): a 1 ms period instead of
 * 15.625 ms). Before Windows 10 2004 that is a global setting: "For all processes Windows uses the
 * lowest value … requested by any process", so every vCPU takes the faster tick. From 2004 on "this
 * function no longer affects global timer resolution": only the processes that asked get it, and
 * "for processes which have not called this function, Windows does not guarantee a higher
 * resolution than the default" (Microsoft Learn, timeBeginPeriod). The lab gives the faster tick
 * to the vCPUs the requesting application's threads wait on (workload parameter timerVcpus);
 * the other vCPUs keep the OS's default behaviour.
 */
import type { GuestOs } from '../model/index.ts';

/** Timer interrupts per second of each idle vCPU of a guest with `vcpus` vCPUs; `params` are the workload's. */
export function idleTickRates(os: GuestOs, vcpus: number, params: Readonly<Record<string, number>>): number[] {
  const t = os.timer;
  const tick = t.tickHz ?? t.idleTickHz;
  const mode = t.idleTick ?? 'periodic';
  const period = params.timerPeriodMs;
  const raised = t.raisedResolution && period !== undefined && period > 0 ? 1000 / period : 0;
  const appVcpus = Math.max(1, Math.round(params.timerVcpus ?? 1));
  const rates: number[] = [];
  for (let i = 0; i < vcpus; i++) {
    const takesTick = mode === 'periodic' || (mode === 'boot-cpu' && i === 0);
    const base = takesTick ? tick : t.idleTickHz;
    // a request no finer than the OS's tick changes nothing
    const fast = raised > tick && (t.raisedResolution === 'global' || i < appVcpus);
    rates.push(fast ? Math.max(base, raised) : base);
  }
  return rates;
}
