/**
 * Memory-management paths: page faults, guest page-table writes and what a process's life —
 * fork, exec, exit — does to the page tables under each technique. Shadow paging (binary
 * translation, hardware assistance without nested paging, trap-and-emulate) keeps a shadow of
 * every guest page table the CPU uses: a store to a shadowed page-table page traps (a write
 * trace) and is emulated, and an address space the VMM has not shadowed yet starts empty, so
 * every page touched first takes a hidden fault that fills the shadow entry (Adams & Agesen,
 * ASPLOS 2006, §2.3 and §6; Xen xen/arch/x86/mm/shadow/multi.c sh_page_fault and hvm.c
 * validate_guest_pt_write). Nested paging and bare metal do none of this; a Xen PV guest
 * queues its page-table updates and applies them by batched hypercall.
 *
 * Also here: guest-kernel code that binary translation runs translated.
 */
import type { HypervisorProfile } from '../model/index.ts';
import { EventKindId, type Reason } from './events.ts';
import type { GuestEnv } from './paths.ts';
import { CAT_HYP, CAT_KERNEL, type Path, type Step, batchStep, makePath, plainStep } from './steps.ts';

/** What the MMU paths need from the path builder: the guest, and its pricing of exits and kernel work. */
export interface PathKit {
  readonly env: GuestEnv;
  /** The guest's hypervisor (throws on bare metal). */
  readonly hv: HypervisorProfile;
  exit(reason: Reason, handler: number, extra?: Step[]): Step[];
  hypercall(reason: Reason, handler: number): Step[];
  kernel(cycles: number): Step;
  mmuLocked(cycles: number): Step;
}

/**
 * Call/return pairs per 1,000 cycles of guest-kernel code. Translated code runs most
 * instructions unchanged (IDENT) but every return and indirect branch goes through the
 * translation cache's lookup (Adams & Agesen 2006, §3.2; Agesen, "Binary Translation of
 * Returns", WBIA 2006); the extra cost per pair is the hypervisor's `bt.callRet`
 * (AA06 call/ret: 51 cycles translated against 11 native). Estimate: kernel code is made of
 * short functions, about one call/return every 30–40 instructions, at the ≈0.3–0.5 instructions
 * per cycle of kernel code on a Pentium 4 that is one pair per ≈100 cycles.
 */
export const KERNEL_CALL_RETURNS_PER_KCYCLE = 10;

/** Extra cycles that `kernelCycles` of guest-kernel code cost when run translated (0 outside binary translation). */
export function translatedKernelCycles(env: GuestEnv, kernelCycles: number): number {
  if (env.mode !== 'bt' || !env.hv?.bt || kernelCycles <= 0) return 0;
  return (kernelCycles / 1000) * KERNEL_CALL_RETURNS_PER_KCYCLE * env.hv.bt.callRet;
}

/** Modes in which the CPU walks shadow page tables the hypervisor keeps. */
function shadowed(env: GuestEnv): boolean {
  return env.mode === 'bt' || env.mode === 'hw-shadow' || env.mode === 'trap-emulate';
}

export function pageFaultPath(kit: PathKit): Path {
  const m = kit.env.mode;
  const n = kit.env.profile.native;
  const base = kit.kernel(n.pageFault + kit.env.os.kernel.pageFaultExtra);
  if (m === 'native') return makePath('page fault', 'native', [base]);
  if (m === 'hw-nested' || m === 'pvh') return makePath('page fault: handled in the guest (nested paging)', 'hw', [base]);
  const hv = kit.hv;
  const inject = plainStep(0, CAT_HYP, EventKindId.fault, 'page_fault');
  if (m === 'bt') {
    const bt = hv.bt!;
    return makePath('page fault: reflected by the VMM, PTE write translated', 'bt', [
      ...kit.exit('FAULT_BOUNCE', bt.faultReflect - 2 * kit.env.profile.virt.trapCycles),
      inject,
      base,
      plainStep(bt.pteUpdate, CAT_HYP),
    ]);
  }
  if (m === 'xen-pv') {
    const xp = hv.xenPv!;
    return makePath('page fault: bounced through Xen, PTE set by mmu_update', 'pv', [
      ...kit.exit('FAULT_BOUNCE', xp.faultBounce),
      inject,
      base,
      ...kit.hypercall('mmu_update', hv.costs.hypercall),
      kit.mmuLocked(xp.mmuUpdateEntry),
    ]);
  }
  // shadow paging (hardware-assisted or trap-and-emulate): the true fault exits and is
  // injected; the guest's new PTE is picked up by a hidden fault that fills the shadow entry
  return makePath('page fault: shadow paging (true fault injected, hidden fault fills the shadow)', 'hw', [
    ...kit.exit('EXCEPTION_PF', hv.costs.shadowFault),
    inject,
    base,
    ...hiddenFault(kit),
  ]);
}

/** A fault on a page the guest has mapped but the shadow has not: the VMM fills the shadow entry; the guest never sees it. */
function hiddenFault(kit: PathKit): Step[] {
  return kit.exit('EXCEPTION_PF', 0, [kit.mmuLocked(kit.hv.costs.shadowSync)]);
}

/** One guest PTE store into a page table the hypervisor shadows (a write trace under shadow paging). */
export function pteWritePath(kit: PathKit): Path {
  const m = kit.env.mode;
  const n = kit.env.profile.native;
  if (m === 'native' || m === 'hw-nested' || m === 'pvh') return makePath('PTE write', m === 'native' ? 'native' : 'hw', [kit.kernel(n.pteWrite)]);
  const hv = kit.hv;
  if (m === 'bt') return makePath('PTE write: translated into a shadow update', 'bt', [plainStep(hv.bt!.pteUpdate, CAT_HYP)]);
  if (m === 'xen-pv') {
    const xp = hv.xenPv!;
    const s = batchStep(n.pteWrite, CAT_KERNEL, xp.multicallBatch, [...kit.hypercall('multicall', hv.costs.hypercall), kit.mmuLocked(xp.mmuUpdateEntry * xp.multicallBatch)]);
    return makePath(`PTE write: queued, ${xp.multicallBatch} per multicall`, 'pv', [s]);
  }
  return makePath('PTE write: write-protected page table, emulated', 'hw', kit.exit('PTE_WRITE', hv.costs.instructionEmulation, [kit.mmuLocked(hv.costs.shadowSync)]));
}

/**
 * fork(): copy_page_range copies each present PTE into the child and write-protects the parent's
 * writable ones. The parent's page tables are shadowed, so under shadow paging every one of
 * those stores is a write trace (emulated, the shadow entry synced); the child's fresh tables
 * are not shadowed yet, so its stores are plain, but when the child runs, its shadow is empty
 * and each page it touches takes a hidden fault.
 */
export function forkPath(kit: PathKit, ptes: number, childTouches: number): Path {
  const pte = pteWritePath(kit);
  const steps: Step[] = [];
  for (let i = 0; i < ptes; i++) steps.push(...pte.steps);
  const touches = shadowed(kit.env) ? childTouches : 0;
  for (let i = 0; i < touches; i++) steps.push(...hiddenFault(kit));
  const how = shadowed(kit.env) ? `${ptes} write traces, ${touches} hidden faults in the child` : pte.name;
  return makePath(`fork: ${ptes} PTEs copied and write-protected (${how})`, pte.cls, steps);
}

/**
 * exit() and the old image of execve(): exit_mmap / zap_pte_range clears every present PTE of
 * the address space; the process ran, so its page tables are shadowed and each clear is a write
 * trace under shadow paging.
 */
export function teardownPath(kit: PathKit, what: 'exec' | 'exit', ptes: number): Path {
  const pte = pteWritePath(kit);
  const steps: Step[] = [];
  for (let i = 0; i < ptes; i++) steps.push(...pte.steps);
  return makePath(`${what}: ${ptes} PTEs zapped (${pte.name})`, pte.cls, steps);
}
