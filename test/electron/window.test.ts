import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.ts'));

const fake = await import('./fake-electron.ts');
const { createMainWindow, hardenSession, hardenWebContents, installSecurity, isExternalWebLink, secureWebPreferences } = await import('../../electron/window.ts');
const { APP_START_URL } = await import('../../electron/app-protocol.ts');

type Contents = Parameters<typeof hardenWebContents>[0];
const asContents = (c: InstanceType<typeof fake.FakeWebContents>) => c as unknown as Contents;

/** Emit `event` on `contents` the way Electron would, returning whether a handler cancelled it. */
function emitCancellable(contents: InstanceType<typeof fake.FakeWebContents>, event: string, ...args: unknown[]): boolean {
  const e = { preventDefault: vi.fn(), url: typeof args[0] === 'string' ? args[0] : '' };
  contents.emit(event, e, ...args);
  return e.preventDefault.mock.calls.length > 0;
}

beforeEach(() => {
  fake.shell.openExternal.mockClear();
});

describe('the lab window', () => {
  it('runs its page isolated, sandboxed, without Node and with web security', () => {
    const safe = { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, experimentalFeatures: false };
    // the lab window (with its preload) and the report print window (without one) alike
    for (const prefs of [secureWebPreferences('/app/preload.cjs'), secureWebPreferences()]) {
      expect(prefs).toMatchObject(safe);
      expect(prefs.enableBlinkFeatures).toBeUndefined();
    }
    expect(secureWebPreferences()).not.toHaveProperty('preload');
  });

  it('is created with those preferences and loads the renderer from app://', () => {
    const win = createMainWindow({ preload: '/app/preload.cjs', title: 'PV Lab', devTools: false }) as unknown as InstanceType<typeof fake.BrowserWindow>;
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ preload: '/app/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, devTools: false });
    expect(win.loadURL).toHaveBeenCalledWith(APP_START_URL);
    expect(APP_START_URL).toBe('app://pvlab/index.html');
    // The window hardens its own contents even before any app-wide hook runs.
    expect(win.webContents.windowOpenHandler).not.toBeNull();
    expect(win.webContents.handlers('will-navigate')).toHaveLength(1);
  });
});

describe('navigation and new windows', () => {
  const contents = new fake.FakeWebContents();
  hardenWebContents(asContents(contents));

  it('denies every navigation of the page, and opens web links in the browser instead', () => {
    expect(emitCancellable(contents, 'will-navigate', 'https://www.linux-kvm.org/page/Virtio')).toBe(true);
    expect(fake.shell.openExternal).toHaveBeenCalledWith('https://www.linux-kvm.org/page/Virtio');
    expect(emitCancellable(contents, 'will-navigate', 'app://pvlab/index.html')).toBe(true);
  });

  it('never hands file:, javascript: or custom schemes to the OS', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://server/share', 'app://pvlab/x', 'ms-settings:privacy']) {
      expect(emitCancellable(contents, 'will-navigate', url)).toBe(true);
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(fake.shell.openExternal).not.toHaveBeenCalled();
  });

  it('denies window.open, opening http(s) links externally', () => {
    expect(contents.windowOpenHandler?.({ url: 'https://xenproject.org/' })).toEqual({ action: 'deny' });
    expect(fake.shell.openExternal).toHaveBeenCalledWith('https://xenproject.org/');
  });

  it('refuses frames navigating away from app://, redirects and webviews', () => {
    const frame = { preventDefault: vi.fn(), url: 'https://evil.example/' };
    contents.emit('will-frame-navigate', frame);
    expect(frame.preventDefault).toHaveBeenCalled();
    const own = { preventDefault: vi.fn(), url: 'app://pvlab/index.html' };
    contents.emit('will-frame-navigate', own);
    expect(own.preventDefault).not.toHaveBeenCalled();
    expect(emitCancellable(contents, 'will-redirect', 'https://evil.example/')).toBe(true);
    expect(emitCancellable(contents, 'will-attach-webview')).toBe(true);
  });

  it('hardens each WebContents once, so a link opens once', () => {
    hardenWebContents(asContents(contents));
    expect(contents.handlers('will-navigate')).toHaveLength(1);
  });

  it('recognises only http(s) URLs with a host as web links', () => {
    expect(isExternalWebLink('http://example.org/a')).toBe(true);
    expect(isExternalWebLink('https:')).toBe(false);
    expect(isExternalWebLink('not a url')).toBe(false);
    expect(isExternalWebLink('file://host/share')).toBe(false);
  });
});

describe('permissions', () => {
  const ses = new fake.FakeSession();
  hardenSession(ses as unknown as Parameters<typeof hardenSession>[0]);

  it('denies every permission request', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const callback = vi.fn();
      ses.permissionRequestHandler?.(...([{}, permission, callback, {}] as never[]));
      expect(callback).toHaveBeenCalledWith(false);
    }
  });

  it('answers permission checks, device access and screen capture with no', () => {
    expect(ses.permissionCheckHandler?.(...([{}, 'media', 'app://pvlab', {}] as never[]))).toBe(false);
    expect(ses.devicePermissionHandler?.(...([{ deviceType: 'usb' }] as never[]))).toBe(false);
    const callback = vi.fn();
    ses.displayMediaRequestHandler?.(...([{}, callback] as never[]));
    expect(callback).toHaveBeenCalledWith(null);
  });

  it('cancels downloads', () => {
    const e = { preventDefault: vi.fn() };
    ses.emit('will-download', e, {}, {});
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it('hardens every WebContents the app creates, not only the window', () => {
    installSecurity(fake.app as never, fake.session.defaultSession as never);
    const devtools = new fake.FakeWebContents();
    fake.app.emit('web-contents-created', {}, devtools);
    expect(devtools.windowOpenHandler?.({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    expect(emitCancellable(devtools, 'will-navigate', 'https://example.org/')).toBe(true);
    expect(fake.session.defaultSession.permissionRequestHandler).not.toBeNull();
  });
});
