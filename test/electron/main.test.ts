// What electron/main.ts sets up before Electron is ready, when no window exists yet: the sandbox for
// every renderer, app:// as a privileged standard scheme, the data folder named after the product,
// and one running PV Lab. (What it does on `ready` is tested piece by piece: window, protocol, IPC.)
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.ts'));

const fake = await import('./fake-electron.ts');
const { APP_SCHEME_PRIVILEGES } = await import('../../electron/app-protocol.ts');

/** The fake's calls, taken right after main.ts ran (Vitest clears mocks before each test). */
let calls: Record<'enableSandbox' | 'registerSchemes' | 'setName' | 'setPath' | 'singleInstance' | 'whenReady', unknown[][]>;

describe('the main process before ready', () => {
  beforeAll(async () => {
    await import('../../electron/main.ts');
    calls = {
      enableSandbox: fake.app.enableSandbox.mock.calls,
      registerSchemes: fake.protocol.registerSchemesAsPrivileged.mock.calls,
      setName: fake.app.setName.mock.calls,
      setPath: fake.app.setPath.mock.calls,
      singleInstance: fake.app.requestSingleInstanceLock.mock.calls,
      whenReady: fake.app.whenReady.mock.calls,
    };
    calls = structuredClone(calls);
  });

  it('sandboxes every renderer process, app-wide', () => {
    expect(calls.enableSandbox).toHaveLength(1);
  });

  it('registers app:// as a standard, secure scheme before ready', () => {
    expect(calls.registerSchemes).toEqual([[[APP_SCHEME_PRIVILEGES]]]);
  });

  it('keeps its data in the product’s folder and allows one running instance', () => {
    expect(calls.setName).toEqual([['PV Lab']]);
    expect(calls.setPath).toEqual([['userData', expect.stringMatching(/PV Lab$/)]]);
    expect(calls.singleInstance).toHaveLength(1);
    expect(calls.whenReady).toHaveLength(1);
  });
});
