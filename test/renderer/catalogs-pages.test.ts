/**
 * The Runs, Replay and Compare catalogs: every key in English is in Swedish and the other way
 * round (a missing key is a console error in the app), and every kind, status, layer and hop the
 * pages name from data has its text.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AddonState, EVENT_KINDS, GuestStatus, RunStatus, VirtMode } from '../../core/model/index.ts';
import { LAYERS, routeOf } from '../../renderer/src/pages/replay/path-layers.ts';

type Tree = { [k: string]: string | Tree };
const load = (lang: string, ns: string) => JSON.parse(readFileSync(new URL(`../../renderer/src/i18n/${lang}/${ns}.json`, import.meta.url), 'utf8')) as Tree;

function keys(t: Tree, prefix = ''): string[] {
  return Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}
function has(t: Tree, path: string): boolean {
  let node: string | Tree | undefined = t;
  for (const part of path.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' && node.length > 0;
}

describe.each(['runs', 'replay', 'compare'])('the %s catalog', (ns) => {
  it('has the same keys in English and Swedish, none empty', () => {
    const en = load('en', ns);
    const sv = load('sv', ns);
    expect(keys(sv).sort()).toEqual(keys(en).sort());
    for (const k of keys(en)) expect(has(en, k) && has(sv, k), k).toBe(true);
  });
});

describe('names from data', () => {
  const replay = { en: load('en', 'replay'), sv: load('sv', 'replay') };
  const runs = { en: load('en', 'runs'), sv: load('sv', 'runs') };
  it.each(['en', 'sv'] as const)('%s names every event kind, status, mode, add-on state and layer', (lang) => {
    for (const k of EVENT_KINDS) expect(has(replay[lang], `kind.${k}`), k).toBe(true);
    for (const s of GuestStatus.options) expect(has(replay[lang], `guestStatus.${s}`), s).toBe(true);
    for (const s of AddonState.options) expect(has(replay[lang], `addon.${s}`), s).toBe(true);
    for (const m of VirtMode.options) expect(has(replay[lang], `mode.${m}`) && has(runs[lang], `mode.${m}`), m).toBe(true);
    for (const s of RunStatus.options) expect(has(runs[lang], `statusName.${s}`), s).toBe(true);
    for (const l of LAYERS) expect(has(replay[lang], `layer.${l}`), l).toBe(true);
  });
  it.each(['en', 'sv'] as const)('%s names every hop of the paths the engine builds', (lang) => {
    const names = [
      'compute', 'syscall: translated entry', 'syscall: bounced through Xen', 'page fault: shadow paging (true fault injected, hidden fault fills the shadow)',
      'page fault: bounced through Xen, PTE set by mmu_update', 'PTE write: queued, 8 per multicall', 'MMIO: exit, decoded, userspace device model',
      'CR8 write: TPR shadow', 'TLB shootdown, PV IPI hypercall', 'spinlock (PV: waiters sleep, holder kicks)', 'hypercall: management call refused (unprivileged guest)',
      'balloon: pages returned to the host', 'idle: halt until the next tick', 'timer tick: clock read: emulated HPET (userspace); timer program: emulated HPET comparator',
      'net-rx 9000 B via Xen netfront: ring, dom0 backend', 'disk-read 4096 B via Hyper-V synthetic SCSI (storvsc): ring, root-partition backend',
      'net-tx 1500 B via virtio-net: ring, userspace backend: add-on breaks the guest', 'IPI',
    ];
    for (const mode of ['native', 'bt', 'hw-shadow', 'xen-pv'] as const) {
      for (const pathName of [...names, null]) {
        for (const kind of EVENT_KINDS) {
          for (const s of routeOf({ kind, reason: 'none', pathName }, mode).stops) expect(has(replay[lang], `hop.${s.what}`), s.what).toBe(true);
        }
      }
    }
  });
});
