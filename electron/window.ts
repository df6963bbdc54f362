/**
 * The window and the rules that keep its page a local app: no Node in the page, a sandboxed renderer,
 * no navigation away from app://, no new windows, no permissions, and links to the web opened in the
 * user's browser instead of inside the app. The rules are applied to every WebContents the app
 * creates, not only to ours, so a future view cannot forget them.
 */
import { type App, BrowserWindow, type Session, type WebContents, type WebPreferences, shell } from 'electron';
import { APP_START_URL, isAppUrl } from './app-protocol.ts';

/** A page's privileges. Each value is the safe one, stated even where it is Electron's default; no preload, no bridge. */
export function secureWebPreferences(preload?: string): WebPreferences {
  return {
    ...(preload === undefined ? {} : { preload }),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  };
}

/** Whether a URL is a web link the user's browser should open: http(s) only, never file:, javascript: or custom schemes. */
export function isExternalWebLink(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
  } catch {
    return false;
  }
}

function openOutside(url: string): void {
  if (isExternalWebLink(url)) void shell.openExternal(url).catch(() => undefined);
}

const hardened = new WeakSet<WebContents>();

/**
 * Deny navigation and new windows in `contents`. The renderer routes with the URL hash, which is
 * in-page navigation and fires none of these events, so denying every navigation costs the app nothing.
 */
export function hardenWebContents(contents: WebContents): void {
  // Idempotent: the window hardens its own contents and the app hardens every new one; links must open once.
  if (hardened.has(contents)) return;
  hardened.add(contents);
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openOutside(url);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
}

/** The lab needs no camera, microphone, notifications, geolocation, USB or screen capture: refuse them all. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  // Downloads would write wherever a page asked; exports go through the save dialog instead.
  session.on('will-download', (event) => event.preventDefault());
}

/** Harden the session and every WebContents the app will ever create (windows, devtools, future views). */
export function installSecurity(app: App, session: Session): void {
  hardenSession(session);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}

export interface MainWindowOptions {
  preload: string;
  title: string;
  /** Open the developer tools (development builds only). */
  devTools: boolean;
}

/** Create the one lab window, hardened, and load the renderer from app://. */
export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    title: opts.title,
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: { ...secureWebPreferences(opts.preload), devTools: opts.devTools },
  });
  hardenWebContents(win.webContents);
  // Shown once painted, so the user never sees an empty white frame.
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_START_URL);
  return win;
}
