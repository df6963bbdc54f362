import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.ts'));

const fake = await import('./fake-electron.ts');
const { CoreProcess } = await import('../../electron/core-process.ts');

class FakeChild extends EventEmitter {
  readonly postMessage = vi.fn();
  readonly kill = vi.fn(() => true);
}

let children: FakeChild[] = [];

beforeEach(() => {
  children = [];
  fake.utilityProcess.fork.mockReset();
  fake.utilityProcess.fork.mockImplementation(() => {
    const c = new FakeChild();
    children.push(c);
    return c;
  });
});

function core() {
  const opts = { modulePath: '/app/dist/electron/core-host.js', dbPath: '/home/u/.config/PV Lab/lab.db', onMessage: vi.fn(), onNotice: vi.fn(), onLost: vi.fn() };
  return { proc: new CoreProcess(opts), opts };
}

describe('the core process handle', () => {
  it('starts the host with the database location and passes valid messages on', () => {
    const { proc, opts } = core();
    proc.start();
    const [modulePath, , options] = fake.utilityProcess.fork.mock.calls[0] as [string, string[], { env: Record<string, string> }];
    expect(modulePath).toBe(opts.modulePath);
    expect(options.env.PVLAB_DB).toBe(opts.dbPath);
    expect(proc.post({ type: 'call', id: 1, method: 'scenarios.list', input: {} })).toBe(true);
    expect(children[0]!.postMessage).toHaveBeenCalledWith({ type: 'call', id: 1, method: 'scenarios.list', input: {} });
    children[0]!.emit('message', { type: 'reply', id: 1, ok: true, value: [] });
    children[0]!.emit('message', { type: 'store-opened', file: opts.dbPath, movedAside: null });
    children[0]!.emit('message', { type: 'garbage' });
    expect(opts.onMessage).toHaveBeenCalledTimes(1);
    expect(opts.onNotice).toHaveBeenCalledWith({ type: 'store-opened', file: opts.dbPath, movedAside: null });
  });

  it('restarts a core that died, but gives up on a crash loop', () => {
    const { proc, opts } = core();
    proc.start();
    for (let i = 0; i < 3; i++) children[i]!.emit('exit', 1);
    expect(children).toHaveLength(4);
    expect(opts.onLost).toHaveBeenLastCalledWith('the process exited with code 1', true);
    children[3]!.emit('exit', 1);
    expect(children).toHaveLength(4);
    expect(opts.onLost).toHaveBeenLastCalledWith('the process exited with code 1', false);
    expect(proc.post({ type: 'call', id: 2, method: 'scenarios.list', input: {} })).toBe(false);
  });

  it('stops by asking the core to shut down, without restarting it', async () => {
    const { proc, opts } = core();
    proc.start();
    const stopped = proc.stop();
    expect(children[0]!.postMessage).toHaveBeenCalledWith({ type: 'shutdown' });
    children[0]!.emit('exit', 0);
    await stopped;
    expect(children).toHaveLength(1);
    expect(opts.onLost).not.toHaveBeenCalled();
    expect(children[0]!.kill).not.toHaveBeenCalled();
  });
});
