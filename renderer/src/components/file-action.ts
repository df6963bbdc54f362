/**
 * The state of a button that makes a file (export a report, a bundle): busy while the service
 * works, one status line (what is happening, then where the file went), and the error if it failed.
 */
import { useState } from 'react';
import type { SaveOutcome } from '../files.ts';

export function useFileAction() {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<Error | null>(null);
  /** Show `working`, run `act`, then show the line it returns, or the error it throws. */
  const perform = async (working: string, act: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setMessage(working);
    try {
      setMessage(await act());
    } catch (e) {
      setMessage('');
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return { busy, message, error, setMessage, perform };
}

/** The message key of the status line after a save (`{{name}}` in it), or null when nothing was saved. */
export function savedKey(outcome: SaveOutcome): 'downloaded' | 'saved' | null {
  return outcome === 'cancelled' ? null : outcome;
}
