/**
 * Starting a run from any page: when the service's estimate says the run is long, ask the person
 * (with the figures) before starting it; a run too large to start comes back as the service's error.
 */
import i18next from 'i18next';
import type { Input, LabClient } from '../../core/contract/index.ts';
import { PvLabError } from '../../core/model/errors.ts';

export async function startRun(lab: LabClient, input: Input<'runs.start'>, ask: (text: string) => boolean = (t) => window.confirm(t)): Promise<number | null> {
  try {
    return (await lab.call('runs.start', input)).runId;
  } catch (e) {
    if (!(e instanceof PvLabError) || e.code !== 'needs-confirmation') throw e;
    if (!ask(i18next.t('common:confirmLongRun', { details: e.details.join('; ') }))) return null;
    return (await lab.call('runs.start', { ...input, confirm: true })).runId;
  }
}
