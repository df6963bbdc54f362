/** Reading JSON documents people hand to PV Lab (scenario files, bundles, form text). */
import { PvLabError } from './errors.ts';

/** Parse JSON text; a UTF-8 byte-order mark at the start (as Windows editors write) is accepted. */
export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new PvLabError('invalid-input', `${what} is not valid JSON (${(e as Error).message})`, 'check the file is a JSON document, e.g. one written by "export"');
  }
}
