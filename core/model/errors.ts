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
  | 'version-mismatch'
  | 'internal';

export class PvLabError extends Error {
  readonly code: PvLabErrorCode;
  readonly hint: string;
  readonly details: readonly string[];

  constructor(code: PvLabErrorCode, message: string, hint: string, details: readonly string[] = []) {
    super(message);
    this.name = 'PvLabError';
    this.code = code;
    this.hint = hint;
    this.details = details;
  }

  /** The message, the details and the remedy, for a terminal or a dialog. */
  describe(): string {
    const lines = [this.message, ...this.details.map((d) => `  - ${d}`)];
    if (this.hint) lines.push(`How to fix: ${this.hint}`);
    return lines.join('\n');
  }
}

/** Turn zod issues into "path: problem" lines. */
export function formatIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] {
  return issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`);
}
