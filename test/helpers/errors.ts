import { PvLabError } from '../../core/model/index.ts';

/** The PvLabError `fn` throws (anything else, or nothing, fails the test). */
export function caught(fn: () => unknown): PvLabError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PvLabError) return e;
    throw e;
  }
  throw new Error('expected a PvLabError; nothing was thrown');
}
