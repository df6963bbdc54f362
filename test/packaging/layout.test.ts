// What a release installs: electron-builder packs the app (`--dir`, against a stub Electron, see
// pack.ts) and the archive is read back. The app runs compiled JavaScript only; better-sqlite3 sits
// outside the archive; no sources, tests, benches, source maps or development packages go in; every
// module the app loads is there; the Electron fuses of electron-builder.yml are burnt in.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildRenderer } from '../../core/serve/renderer.ts';
import { type Packed, ROOT, SHIPPED_FUSES, devOnlyPackages, packApp } from './pack.ts';
import type {} from '../e2e/global-setup.ts';

/** The files Electron loads by path (main, the preload, the core's utility process). */
const ENTRIES = ['dist/electron/main.js', 'dist/electron/preload.cjs', 'dist/electron/core-host.js'];

let packed: Packed;
let files: string[];
let inArchive: Set<string>;

// Packs for Linux, which names its prebuilt binary after the machine packing it: CI runs on Linux.
describe.skipIf(process.platform !== 'linux')('the packaged app (electron-builder --dir)', () => {
  beforeAll(async () => {
    const provided = inject('pvlabRenderer');
    if (provided?.error) throw new Error(`The renderer did not build:\n${provided.error}`);
    const renderer = provided?.dir ?? (await buildRenderer({ outDir: join(ROOT, 'test-results', 'pack-renderer') }));
    packed = await packApp(renderer);
    console.log(`packaging check: tsc ${(packed.timings.compile / 1000).toFixed(1)} s, electron-builder ${(packed.timings.builder / 1000).toFixed(1)} s`);
    files = listPackage(packed.asar, { isPack: false }).map((f) => f.replaceAll('\\', '/').replace(/^\//, ''));
    inArchive = new Set(files);
  }, 300_000);
  afterAll(() => packed?.done());

  it('makes linux-unpacked/ with the app archive and the executable named pvlab', () => {
    expect(existsSync(packed.asar), packed.log).toBe(true);
    expect(readdirSync(packed.unpacked)).toContain('pvlab');
    expect(files.length).toBeGreaterThan(100);
  });

  it('starts the compiled shell: package.json names dist/electron/main.js, and it is there with the preload and the core host', () => {
    const pkg = JSON.parse(extractFile(packed.asar, 'package.json').toString('utf8')) as { main: string; type: string };
    expect(pkg.main).toBe('dist/electron/main.js');
    expect(pkg.type).toBe('module');
    for (const entry of ENTRIES) expect(inArchive, entry).toContain(entry);
    expect(inArchive).toContain('renderer/dist/index.html');
    for (const migration of readdirSync(join(ROOT, 'migrations'))) expect(inArchive, migration).toContain(`migrations/${migration}`);
  });

  it('holds every module the app loads from its entries (imports, and workers started by URL)', () => {
    const missing: string[] = [];
    const seen = new Set<string>();
    const queue = [...ENTRIES];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = extractFile(packed.asar, file).toString('utf8');
      for (const m of text.matchAll(/(['"])(\.\.?\/[^'"\s]+?\.(?:c?js|mjs|json))\1/g)) {
        const target = posix.normalize(posix.join(posix.dirname(file), m[2]!));
        if (inArchive.has(target)) queue.push(target);
        else missing.push(`${file} → ${m[2]}`);
      }
    }
    expect(missing).toEqual([]);
    // the run and replay threads are reached
    expect(seen).toContain('dist/core/service/worker.js');
    expect(seen).toContain('dist/core/service/replay-worker.js');
  });

  it('keeps better-sqlite3 outside the archive, with the one prebuilt binary of this platform', () => {
    const prebuilds = files.filter((f) => f.startsWith('node_modules/better-sqlite3/prebuilds/'));
    expect(prebuilds).toEqual(['node_modules/better-sqlite3/prebuilds/linux-x64.node']);
    for (const file of [...prebuilds, 'node_modules/better-sqlite3/lib/index.js']) {
      expect(statFile(packed.asar, file), file).toMatchObject({ unpacked: true });
      expect(existsSync(join(packed.unpacked, 'resources', 'app.asar.unpacked', file)), file).toBe(true);
    }
    expect(files.filter((f) => /^node_modules\/(better-sqlite3\/(deps|src|build)\/|node-addon-api\/)|\.(c|cc|cpp|h|hpp|gyp|gypi)$/.test(f))).toEqual([]);
  });

  it('holds no TypeScript, source maps, tests, benches or the sources of the shell, core and renderer', () => {
    expect(files.filter((f) => /\.[cm]?ts$|\.map$/.test(f))).toEqual([]);
    expect(files.filter((f) => /^(test|bench|scripts|electron|core|renderer\/src|dist\/core\/cli)(\/|$)/.test(f))).toEqual([]);
    expect(files.filter((f) => /(^|\/)(__tests__|tests?)\//.test(f) && !f.startsWith('node_modules/'))).toEqual([]);
  });

  it('holds only production dependencies, none of the development ones', () => {
    const { dev, prod } = devOnlyPackages();
    const packages = new Set(files.flatMap((f) => {
      const m = /^(?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(f);
      return m ? [m[1]!] : [];
    }));
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect([...packages].filter((p) => dev.has(p) || Object.hasOwn(pkg.devDependencies, p))).toEqual([]);
    expect([...packages].filter((p) => !prod.has(p))).toEqual([]);
    for (const runtime of ['better-sqlite3', 'ws', 'zod']) expect(packages, runtime).toContain(runtime);
  });

  it('burns the fuses of electron-builder.yml into the Electron binary', async () => {
    const wire = await getCurrentFuseWire(join(packed.unpacked, 'pvlab'));
    const state = (fuse: FuseV1Options) => String.fromCharCode(wire[fuse] ?? 0);
    expect({
      runAsNode: state(FuseV1Options.RunAsNode),
      nodeOptions: state(FuseV1Options.EnableNodeOptionsEnvironmentVariable),
      inspectArguments: state(FuseV1Options.EnableNodeCliInspectArguments),
      asarIntegrity: state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation),
      onlyFromAsar: state(FuseV1Options.OnlyLoadAppFromAsar),
      cookieEncryption: state(FuseV1Options.EnableCookieEncryption),
      fileProtocolPrivileges: state(FuseV1Options.GrantFileProtocolExtraPrivileges),
    }).toEqual({ runAsNode: '0', nodeOptions: '0', inspectArguments: '0', asarIntegrity: '1', onlyFromAsar: '1', cookieEncryption: '1', fileProtocolPrivileges: '0' });
    // the stub started with Electron's own settings: these were flipped, not found that way
    expect(SHIPPED_FUSES[FuseV1Options.RunAsNode]).toBe('1');
  });
});
