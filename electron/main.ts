/**
 * PV Lab's Electron main process: one window, the menu, the app:// protocol, the database in the
 * user-data folder, and the relay to the core process that runs LabService. Everything main does
 * with page input goes through electron/ipc.ts; everything the page loads comes through app://.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol, session } from 'electron';
import { APP_NAME, DB_ENV_VAR, DB_FILE_NAME } from '../core/store/paths.ts';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, assetResponder } from './app-protocol.ts';
import { INDEX_FILE } from './asset-path.ts';
import { CHANNELS, type MenuCommand } from './channels.ts';
import { CoreProcess, type StoreNotice } from './core-process.ts';
import { openFileWithDialog, saveFileWithDialog } from './files.ts';
import { registerIpc } from './ipc.ts';
import { BundleInbox, bundleArgs, openBundleCommand } from './open-bundle.ts';
import { menuTemplate } from './menu.ts';
import { CoreRelay } from './relay.ts';
import { printReportWithDialog } from './report-pdf.ts';
import { createMainWindow, installSecurity } from './window.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const dev = !app.isPackaged;
const log = (line: string) => process.stderr.write(`PV Lab: ${line}\n`);

// The user-data folder is named after the product, not the npm package ("pvlab"), so the desktop
// app and the CLI (core/store/paths.ts) find the same lab.db. Both must be set before `ready`.
app.setName(APP_NAME);
app.setPath('userData', path.join(app.getPath('appData'), APP_NAME));
app.enableSandbox();
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  // Another PV Lab is running; it receives 'second-instance' and comes to the front.
  app.quit();
} else {
  run();
}

function run(): void {
  // From dist/electron/ up to the app root: the repository in development, app.asar when packaged.
  const rendererRoot = path.join(here, '..', '..', 'renderer', 'dist');
  const dbPath = process.env[DB_ENV_VAR] || path.join(app.getPath('userData'), DB_FILE_NAME);
  let win: BrowserWindow | null = null;
  let quitting = false;

  const relay = new CoreRelay({
    toCore: (msg) => core.post(msg),
    toPage: (msg) => {
      if (win && !win.isDestroyed()) win.webContents.send(CHANNELS.toPage, msg);
    },
    log,
  });
  const core = new CoreProcess({
    modulePath: path.join(here, 'core-host.js'),
    dbPath,
    onMessage: (msg) => relay.fromCore(msg),
    onNotice: (notice) => tellAboutStore(win, notice),
    onLost: (why, restarting) => {
      log(`the core process stopped (${why})${restarting ? '; restarting it' : ''}`);
      relay.coreLost(why);
      if (!restarting) {
        dialog.showErrorBox(
          'PV Lab’s core keeps stopping',
          `The process that runs the lab stopped several times in a row (${why}). Quit PV Lab and start it again; if it happens again, report it with the steps that led to it.`,
        );
      }
    },
  });

  const sendMenu = (command: MenuCommand) => {
    if (win && !win.isDestroyed()) win.webContents.send(CHANNELS.menu, command);
  };

  // bundles opened with the app (double-clicked): handed to the page once it has loaded
  const inbox = new BundleInbox((file) => {
    void openBundleCommand(file).then((command) => {
      if ('error' in command) dialog.showErrorBox('PV Lab cannot open the file', command.error);
      else sendMenu(command);
    });
  });
  inbox.add(bundleArgs(process.argv.slice(1), process.cwd()));
  // macOS hands files over as an event, also before the app is ready
  app.on('open-file', (event, file) => {
    event.preventDefault();
    inbox.add([file]);
  });

  const openWindow = () => {
    const w = createMainWindow({ preload: path.join(here, 'preload.cjs'), title: APP_NAME, devTools: dev });
    relay.attachWindow(w.webContents.id);
    // A reload (menu, crash recovery) starts a new page whose call ids begin again at 1.
    w.webContents.on('did-navigate', () => {
      relay.pageLoaded();
      inbox.pageGone();
    });
    w.webContents.on('did-finish-load', () => inbox.pageReady());
    w.webContents.on('render-process-gone', (_e, details) => {
      log(`the window's renderer stopped (${details.reason})`);
      relay.pageLoaded();
    });
    w.on('closed', () => {
      inbox.pageGone();
      if (win === w) {
        win = null;
        relay.attachWindow(null);
      }
    });
    win = w;
  };

  app.on('second-instance', (_event, argv, cwd) => {
    inbox.add(bundleArgs(argv.slice(1), cwd));
    if (!app.isReady()) return;
    if (!win) return openWindow();
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) openWindow();
  });

  // Close the database cleanly: hold the quit until the core process has stopped.
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void core.stop().finally(() => app.quit());
  });

  void app.whenReady().then(() => {
    if (!existsSync(path.join(rendererRoot, INDEX_FILE))) {
      dialog.showErrorBox('PV Lab is missing its pages', `There is no ${INDEX_FILE} in ${rendererRoot}. Build the renderer with "npx vite build renderer" (npm start does this), or reinstall PV Lab.`);
      app.exit(1);
      return;
    }
    installSecurity(app, session.defaultSession);
    protocol.handle(APP_SCHEME, assetResponder(rendererRoot));
    core.start();
    registerIpc(ipcMain, { relay, window: () => win, openFile: openFileWithDialog, saveFile: saveFileWithDialog, printReport: printReportWithDialog, log });
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(
      { platform: process.platform, dev, locale: app.getLocale(), appName: APP_NAME },
      { send: sendMenu, about: () => showAbout(win) },
    )));
    openWindow();
  });
}

let storeFailureShown = false;

/** Tell the person what opening the database found, when it is something they must know. */
function tellAboutStore(win: BrowserWindow | null, notice: StoreNotice): void {
  const parent = win && !win.isDestroyed() ? win : undefined;
  if (notice.type === 'store-failed') {
    // A restarted core fails the same way; once is enough (the page shows the error on every call).
    if (storeFailureShown) return;
    storeFailureShown = true;
    const { message, hint } = notice.error;
    const options = { type: 'error' as const, title: APP_NAME, message: 'PV Lab could not open its database', detail: `${notice.file}\n\n${message}\n${hint}` };
    void (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options));
  } else if (notice.movedAside) {
    const options = {
      type: 'warning' as const, title: APP_NAME, message: 'PV Lab started with a new, empty database',
      detail: `The database at ${notice.file} could not be used (${notice.movedAside.reason}). It was kept as ${notice.movedAside.to}.`,
    };
    void (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options));
  }
}

function showAbout(win: BrowserWindow | null): void {
  const options = {
    type: 'info' as const,
    title: `About ${APP_NAME}`,
    message: `${APP_NAME} ${app.getVersion()}`,
    detail: [
      'A virtual lab about paravirtualization, with a deterministic simulation core.',
      '',
      `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node.js ${process.versions.node}`,
      `Database: ${process.env[DB_ENV_VAR] || path.join(app.getPath('userData'), DB_FILE_NAME)}`,
    ].join('\n'),
  };
  void (win && !win.isDestroyed() ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
}
