/**
 * The built-in catalog's fingerprint as the CLI bundle was built with it (scripts/build-cli.ts
 * replaces `__PVLAB_BUILTIN_FINGERPRINT__`), without loading the catalog itself: a command that
 * opens a lab whose built-ins are current then never loads their data. Null outside the bundle,
 * where `builtInFingerprint()` (index.ts) computes it from the sources.
 */

/** Replaced by the CLI bundle's build; undeclared (so `typeof` is 'undefined') everywhere else. */
declare const __PVLAB_BUILTIN_FINGERPRINT__: string | undefined;

export function bundledFingerprint(): string | null {
  return typeof __PVLAB_BUILTIN_FINGERPRINT__ === 'string' ? __PVLAB_BUILTIN_FINGERPRINT__ : null;
}
