/**
 * A stand-in for the `electron` module (the binary cannot be downloaded on the build machines).
 * Every shell test mocks `electron` with this one module, so files sharing a test worker agree on
 * it: `vi.mock('electron', () => import('./fake-electron.ts'))`. It records what the shell asked
 * for (window options, handlers, listeners) so tests can drive the handlers themselves.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type Handler = (...args: never[]) => unknown;

/** An EventEmitter that can hand back the listeners registered for an event. */
class Recorder extends EventEmitter {
  handlers(event: string): Handler[] {
    return this.listeners(event) as Handler[];
  }
}

export class FakeWebContents extends Recorder {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  readonly send = vi.fn();
  readonly printToPDF = vi.fn(async (_options: Record<string, unknown>) => Buffer.from('%PDF-1.7 fake\n'));
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends Recorder {
  static created: BrowserWindow[] = [];
  /** Called with each new window, so a test can script its loadURL or printToPDF before the code under test uses them. */
  static onCreate: ((win: BrowserWindow) => void) | null = null;
  static getAllWindows = () => BrowserWindow.created;
  readonly webContents = new FakeWebContents();
  readonly options: Record<string, unknown>;
  readonly loadURL = vi.fn(async (_url: string) => undefined);
  readonly show = vi.fn();
  private destroyed = false;
  readonly destroy = vi.fn(() => {
    this.destroyed = true;
  });
  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    BrowserWindow.created.push(this);
    BrowserWindow.onCreate?.(this);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeSession extends Recorder {
  permissionRequestHandler: Handler | null = null;
  permissionCheckHandler: Handler | null = null;
  devicePermissionHandler: Handler | null = null;
  displayMediaRequestHandler: Handler | null = null;
  setPermissionRequestHandler(h: Handler): void {
    this.permissionRequestHandler = h;
  }
  setPermissionCheckHandler(h: Handler): void {
    this.permissionCheckHandler = h;
  }
  setDevicePermissionHandler(h: Handler): void {
    this.devicePermissionHandler = h;
  }
  setDisplayMediaRequestHandler(h: Handler): void {
    this.displayMediaRequestHandler = h;
  }
  /** Scheme → the handler `protocol.handle` registered on this session. */
  readonly protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  readonly protocol = {
    handle: (scheme: string, handler: (request: Request) => Response | Promise<Response>) => void this.protocolHandlers.set(scheme, handler),
  };
  /** The listener of `webRequest.onBeforeRequest` (null when none). */
  beforeRequest: ((details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void) | null = null;
  readonly webRequest = {
    onBeforeRequest: (listener: FakeSession['beforeRequest']) => void (this.beforeRequest = listener),
  };
}

const partitions = new Map<string, FakeSession>();
export const session = {
  defaultSession: new FakeSession(),
  /** One session per partition name, as Electron keeps them. */
  fromPartition: vi.fn((name: string, _options?: { cache: boolean }) => partitions.get(name) ?? partitions.set(name, new FakeSession()).get(name)!),
};

export const shell = { openExternal: vi.fn(async (_url: string) => undefined) };

export const app = Object.assign(new Recorder(), {
  getPath: vi.fn((name: string) => `/fake/${name}`),
  getLocale: () => 'en-US',
  getVersion: () => '0.0.0-test',
  isPackaged: false,
  // what electron/main.ts does before `ready` (main.test.ts); `ready` never comes in tests
  setName: vi.fn(),
  setPath: vi.fn(),
  enableSandbox: vi.fn(),
  requestSingleInstanceLock: vi.fn(() => true),
  whenReady: vi.fn(() => new Promise<void>(() => undefined)),
  isReady: () => false,
  quit: vi.fn(),
});

export const dialog = {
  showOpenDialog: vi.fn(async (..._args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> => ({ canceled: true, filePaths: [] })),
  showSaveDialog: vi.fn(async (..._args: unknown[]): Promise<{ canceled: boolean; filePath?: string }> => ({ canceled: true })),
  showMessageBox: vi.fn(async () => ({ response: 0 })),
  showErrorBox: vi.fn(),
};

export class FakeIpcMain extends Recorder {
  readonly invokeHandlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    this.invokeHandlers.set(channel, handler);
  }
}
export const ipcMain = new FakeIpcMain();

export const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
export const Menu = { buildFromTemplate: vi.fn((t: unknown) => t), setApplicationMenu: vi.fn() };
export const utilityProcess = { fork: vi.fn() };

export default { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, utilityProcess };
