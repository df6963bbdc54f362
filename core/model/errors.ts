import type { z } from 'zod';
import { knownKeys, nearestKey } from './suggest.ts';

/**
 * Errors a person can act on: each says what is wrong and how to fix it. `code` is stable so a
 * UI or a script can branch on it; `hint` is the remedy.
 */
export type PvLabErrorCode =
  | 'invalid-input'
  | 'not-found'
  | 'incompatible'
  | 'unsupported-mode'
  | 'checkpoint-mismatch'
  | 'io'
  | 'unsupported-runtime'
  | 'db-newer'
  | 'db-foreign'
  | 'db-corrupt'
  | 'read-only'
  | 'conflict'
  | 'cancelled'
  | 'too-large'
  | 'needs-confirmation'
  | 'version-mismatch'
  | 'internal';

/** One invalid field: where it is (dot path), what is wrong, and how to fix it. */
export interface FieldIssue {
  path: string;
  message: string;
  hint: string;
}

export class PvLabError extends Error {
  readonly code: PvLabErrorCode;
  readonly hint: string;
  readonly details: readonly string[];
  /** For invalid input: one entry per field, so a form can show each message under its field. */
  readonly fields: readonly FieldIssue[];

  constructor(code: PvLabErrorCode, message: string, hint: string, details: readonly string[] = [], fields: readonly FieldIssue[] = []) {
    super(message);
    this.name = 'PvLabError';
    this.code = code;
    this.hint = hint;
    this.details = details;
    this.fields = fields;
  }

  /** The message, the details and the remedy, for a terminal or a dialog. */
  describe(): string {
    const lines = [this.message, ...this.details.map((d) => `  - ${d}`)];
    if (this.hint) lines.push(`How to fix: ${this.hint}`);
    return lines.join('\n');
  }
}

type Issue = { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] };

/** What to do about one zod issue, in words; `known` offers the field names for a "did you mean". */
function hintFor(i: Issue, known?: Iterable<string>): string {
  if (i.code === 'unrecognized_keys' && known && i.keys) {
    const guesses = i.keys.map((k) => [k, nearestKey(k, known)] as const).filter(([, g]) => g !== null);
    if (guesses.length) return `did you mean ${guesses.map(([k, g]) => `"${g}" (not "${k}")`).join(', ')}? Otherwise remove the field`;
  }
  switch (i.code) {
    case 'invalid_type': return 'give a value of the type named';
    case 'too_small': return 'use a larger value (or a longer text or list)';
    case 'too_big': return 'use a smaller value (or a shorter text or list)';
    case 'invalid_value': return 'pick one of the values listed';
    case 'unrecognized_keys': return 'remove the field or correct its spelling';
    case 'invalid_format': return 'write it in the format named';
    default: return 'correct this field';
  }
}

/** Turn zod issues into one entry per field, for forms; with the schema they came from, unknown keys get a "did you mean". */
export function fieldIssues(issues: readonly Issue[], schema?: z.ZodType): FieldIssue[] {
  const known = schema ? knownKeys(schema) : undefined;
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, hint: hintFor(i, known) }));
}

/** An invalid-input error with both the "path: problem" lines (with the did-you-mean) and the per-field entries. */
export function invalidInput(message: string, issues: readonly Issue[], hint = 'correct the fields listed', schema?: z.ZodType): PvLabError {
  const fields = fieldIssues(issues, schema);
  const lines = formatIssues(issues).map((line, n) => (issues[n]?.code === 'unrecognized_keys' && fields[n]!.hint.startsWith('did you mean') ? `${line} — ${fields[n]!.hint}` : line));
  return new PvLabError('invalid-input', message, hint, lines, fields);
}

/** Turn zod issues into "path: problem" lines. */
export function formatIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] {
  return issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`);
}
