import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    pool: 'forks',
    // On CPUs with memory protection keys (Xeons, EPYCs: the build machines) V8 13 write-protects
    // JIT code pages per thread, and a race in that bookkeeping with worker threads starting and
    // ending aborts the process now and then ("Check failed: jit_page.has_value()", V8's
    // code-memory-access.cc; seen once in this suite's fork). The test processes run without it.
    execArgv: ['--no-memory-protection-keys'],
    isolate: false,
    testTimeout: 60_000,
    reporters: ['default'],
  },
});
