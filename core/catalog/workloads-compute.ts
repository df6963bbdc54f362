/**
 * Built-in compute and memory-management workloads: process creation (forkwait), a kernel build,
 * SPEC CPU integer, ebizzy's map/unmap loop and a CPU-bound batch job. Cycle counts are for a
 * ≈3 GHz x86 core; every number carries its source in `sources`.
 */
import type { z } from 'zod';
import type { Workload } from '../model/index.ts';
import { AA06, CLARK, KANDIRAJU, PAGE_CACHE_WARM } from './workload-sources.ts';

const TLPI = 'Kerrisk, "The Linux Programming Interface" (No Starch 2010), §28.3, Table 28-3: 100,000 fork() + wait() of the smallest (1.70 MB virtual) process took 22.27 s (4,544/s) on Linux 2.6.27, x86-32 — ≈223 µs each';
const DILEK = 'Linux kernel build under perf stat, `make -j4 ... bindeb-pkg`, Sedat Dilek on LKML, "Re: [PATCH 0/2] x86: Remove ideal_nops[]", 15 Mar 2021 (second run): 40,223 CPU-s (37,951 s user, 2,314 s sys), 77.3 T cycles, 288.1 M page faults, 7.44 M context switches';
const BARR = 'Barr, Cox & Rixner, "SpecTLB", ISCA 2011, citing earlier measurements: address translation costs 5–14 % of execution time natively even for nominally sized applications, more under nested paging';
const HENNING = 'Henning, "SPEC CPU2006 Memory Footprint", Computer Architecture News 35(1), March 2007 (virtual and physical memory of each benchmark over time)';
const EBIZZY = 'ebizzy 0.3 (LTP utils/benchmark/ebizzy-0.3/ebizzy.c, Valerie Henson): each thread repeatedly allocates a buffer of one chunk (default 8 B × 64 Ki = 512 KiB), copies a random chunk of records into it, binary-searches it and frees it; with -m ("always mmap") the buffer is mmap()ed and munmap()ed every time, as glibc did for every block above its then static 128 KiB mmap threshold (Henson, "ebizzy 0.1" announcement, LKML, April 2006); threads default to 2 × CPUs';

export const COMPUTE_WORKLOADS: z.input<typeof Workload>[] = [
  {
    id: 'forkwait',
    name: 'forkwait (process creation)',
    description:
      'The forkwait test of Adams & Agesen (ASPLOS 2006, §6.2): 40,000 times, fork a child that exits at once and wait for it. One unit is a process creation and teardown: fork copies the page tables, parent and child take copy-on-write faults, exit zaps the child\'s page tables. MMU-heavy: first-generation VT-x with shadow paging loses to binary translation here.',
    unit: 'fork + waitpid',
    ops: [
      { op: 'compute', cycles: 480_000, tlbMissesPerKcycle: 0, kernelShare: 0.99 },
      { op: 'syscall', count: 1 },
      { op: 'fork', count: 1, ptes: 160, childTouches: 12 },
      { op: 'addressSpaceSwitch', count: 1 },
      { op: 'pageFault', count: 20 },
      { op: 'syscall', count: 1 },
      { op: 'exit', count: 1, ptes: 160 },
      { op: 'addressSpaceSwitch', count: 1 },
      { op: 'syscall', count: 1 },
    ],
    demand: { kind: 'closed', concurrency: 1 },
    units: 40_000,
    memory: { hotSetMiB: 4, hotWriteMiBPerSec: 700, coldWriteMiBPerSec: 0 },
    sources: {
      units: `${AA06}, §6.2: forkwait creates and waits for 40,000 processes`,
      demand: `${AA06}, §6.2: forkwait is a single-threaded loop`,
      'ops.0.cycles': `estimate derived from ${TLPI}: ≈223 µs is ≈0.5–0.65 M cycles on a 2.2–3 GHz CPU of that era (the book does not name the clock); the faults, PTE writes, switches and syscalls listed here cost ≈25 k cycles natively, the remaining ≈480 k cycles is kernel work they do not cover (copying the task, mm, VMAs and files; freeing them at exit; scheduling)`,
      'ops.0.tlbMissesPerKcycle': 'estimate: kernel code on a small working set; the page walks that matter here are the page faults listed',
      'ops.0.kernelShare': `estimate derived from ${TLPI}: these cycles are the kernel work of fork, exit and wait; the loop's own user code is the few hundred instructions of the glibc fork() and waitpid() wrappers, ≈1 %`,
      'ops.1': 'fork(2)/clone(2): the first of the three system calls of a fork + exit + waitpid loop (Linux man-pages)',
      'ops.2.count': 'one fork per unit',
      'ops.2.childTouches': 'estimate: the child returns from fork in glibc and calls _exit at once — it touches its stack, the libc text pages of that path, its data/TLS page and the vDSO, about a dozen pages, each a hidden shadow fault in a fresh address space',
      'ops.2.ptes': `estimate derived from ${TLPI}: of the smallest process's 1.70 MB (435 pages) of virtual memory about 160 pages are resident (≈640 KiB, typical of a small glibc program); Linux 2.6.11 copy_page_range copies every present PTE into the child and write-protects the parent's private writable ones in the same pass`,
      'ops.3': 'the scheduler runs the new child: one switch to its address space',
      'ops.4': 'estimate: after fork, parent and child each take ≈10 copy-on-write faults on the stack, glibc data/bss and heap pages they write before the child exits and the parent returns from waitpid',
      'ops.5': 'exit_group(2) in the child (Linux man-pages)',
      'ops.6.count': 'one exit per unit',
      'ops.6.ptes': 'estimate, same ≈160 present PTEs as ops.2: exit_mmap/zap_pte_range clears every PTE of the exiting child',
      'ops.7': 'the parent is woken by the child\'s exit: one switch back to its address space',
      'ops.8': 'wait4(2), which waitpid(3) calls, in the parent (Linux man-pages)',
      memory: 'estimate: each unit writes ≈20 copy-on-write pages, two page-table pages and the child\'s kernel stack and task structures (≈100 KiB); at ≈7,500 units/s natively (≈133 µs each) that is ≈700 MiB/s of page writes, all within a hot set of a few MiB of physical pages the allocator hands out again and again; nothing else is written',
    },
  },

  {
    id: 'kernel-build',
    name: 'Linux kernel build (make -j4)',
    description:
      'A Linux kernel build with four parallel jobs. One unit is a 10 M-cycle slice of one job\'s CPU time with the page faults, system calls, context switches and file reads that come with it — rates measured on a real make -j4 kernel build: ≈94 % user time, ≈7,200 page faults and ≈185 context switches per CPU-second.',
    unit: '10 M-cycle slice of a compile job',
    ops: [
      { op: 'compute', cycles: 9_900_000, tlbMissesPerKcycle: 0.2, kernelShare: 0.048 },
      { op: 'syscall', count: 100 },
      { op: 'pageFault', count: 37 },
      { op: 'pteWrite', count: 37 },
      { op: 'addressSpaceSwitch', count: 1 },
      { op: 'diskRead', count: 20, bytes: 4096, pageCacheHitRate: 0.95 },
    ],
    demand: { kind: 'closed', concurrency: 4 },
    memory: { hotSetMiB: 400, hotWriteMiBPerSec: 112, coldWriteMiBPerSec: 2 },
    sources: {
      'ops.0.cycles': `${DILEK}: a slice is 10 M cycles; the kernel work not covered by the listed operations (exec, exit, path lookups, copies) stays in this compute`,
      'ops.0.kernelShare': `estimate derived from ${DILEK}: system time is 5.7 % of CPU time, ≈575 k cycles per 10 M-cycle slice; the listed system calls, faults, switch and reads price their entry, fault and block-layer paths at ≈100 k cycles natively, which leaves ≈475 k cycles (4.8 % of this compute) of kernel work inside the calls — path lookups, file reads, exec and exit`,
      'ops.0.tlbMissesPerKcycle': `estimate: gcc is not among the SPEC programs with significant D-TLB miss rates (${KANDIRAJU}); 0.2 page walks per 1,000 cycles, below the suite-wide middle used for specint`,
      'ops.1': `estimate derived from ${DILEK}: system time is 5.7 % of CPU time, ≈570 k cycles per 10 M-cycle slice; less the page faults and switches that leaves ≈480 k cycles of file-system calls (open, stat, read, mmap of sources and headers), ≈100 calls at a few thousand cycles each`,
      'ops.2': `${DILEK}: 288.1 M faults over 77.3 T cycles = 37 per 10 M cycles`,
      'ops.3': 'estimate: every PTE a fault installs in a short-lived compiler process is cleared again when that process exits (zap_pte_range), one PTE write per fault',
      'ops.4': `${DILEK}: 7.44 M context switches over 77.3 T cycles ≈ 1 per 10 M cycles`,
      'ops.5.count': 'estimate: a compile job reads its source file and the headers it includes, a few hundred KiB per translation unit over some tens of slices: ≈20 pages of 4 KiB per 10 M-cycle slice',
      'ops.5.bytes': 'one page-cache page (4 KiB) per read',
      'ops.5.pageCacheHitRate': `${PAGE_CACHE_WARM}: a warm build finds nearly every header in the page cache — the earlier jobs read it; 0.95 leaves one 4 KiB read in 20 to the disk, the sources and headers a slice reads for the first time`,
      demand: `${DILEK}: make -j4`,
      memory: `estimate: the hot set is four compiler processes of up to ≈100 MiB each, whose freed pages the next compiler gets again; their page writes from ${DILEK}: ≈7,200 faults per CPU-second × 4 KiB × 4 jobs ≈ 112 MiB/s; object files, archives and packages reach fresh page-cache pages — of the order of 20 GiB over the ≈10,000 s that build ran (40,223 CPU-s on 4 jobs), ≈2 MiB/s`,
    },
  },

  {
    id: 'specint',
    name: 'SPEC CPU integer (SPECint-like)',
    description:
      'A compute-bound SPEC CPU integer program: long stretches of user-mode computation with moderate TLB misses and almost no system calls. One unit is a 30 M-cycle (≈10 ms) slice.',
    unit: '30 M-cycle compute slice',
    ops: [
      { op: 'compute', cycles: 30_000_000, tlbMissesPerKcycle: 0.5 },
      { op: 'syscall', count: 1 },
    ],
    demand: { kind: 'closed', concurrency: 1 },
    memory: { hotSetMiB: 256, hotWriteMiBPerSec: 64, coldWriteMiBPerSec: 0.1 },
    sources: {
      'ops.0.cycles': 'estimate: a 10 ms slice of a ≈3 GHz core — short enough for quick scenarios, long enough that per-unit overhead vanishes',
      'ops.0.tlbMissesPerKcycle': `estimate: a suite-wide middle between the few programs with high D-TLB miss rates and the many with low ones (${KANDIRAJU}); consistent with translation costing several per cent of cycles natively (${BARR})`,
      'ops.1': 'estimate: SPEC CPU programs read their input at start and otherwise rarely enter the kernel (an occasional brk/mmap or output write); one call per 10 ms slice',
      demand: 'SPEC CPU "speed" runs: one copy of one program',
      memory: `estimate guided by ${HENNING}: resident sets of the integer programs range from a few MiB to several hundred MiB; a hot set of 256 MiB rewritten at ≈64 MiB/s as a typical one (${CLARK}, §4, Fig. 2: the writable working set of SPEC CINT2000 programs varies over a run); output files are small (≈0.1 MiB/s)`,
    },
  },

  {
    id: 'ebizzy',
    name: 'ebizzy -m (threads mapping and unmapping memory)',
    description:
      'ebizzy -m (always mmap) with eight threads: each unit maps a 512 KiB buffer, faults it in while copying a record chunk into it, binary-searches it and unmaps it. Every munmap zaps the PTEs and shoots down the TLBs of the other CPUs running the process; mmap and munmap serialize on the address space\'s lock.',
    unit: 'record search (alloc, copy, search, free)',
    ops: [
      { op: 'syscall', count: 1 },
      { op: 'spinlock', count: 1, holdCycles: 3000 },
      { op: 'pageFault', count: 128 },
      { op: 'compute', cycles: 250_000, tlbMissesPerKcycle: 1 },
      { op: 'syscall', count: 1 },
      { op: 'spinlock', count: 1, holdCycles: 6000 },
      { op: 'pteWrite', count: 128 },
      { op: 'ipi', count: 1, tlbShootdown: true },
    ],
    demand: { kind: 'closed', concurrency: 8 },
    memory: { hotSetMiB: 16, hotWriteMiBPerSec: 24_000, coldWriteMiBPerSec: 0 },
    sources: {
      'ops.0': `${EBIZZY}: mmap(2) of the copy buffer`,
      'ops.1': 'estimate: mmap takes the address-space lock (mmap_sem / mmap_lock) for writing to insert the VMA, ≈1 µs',
      'ops.2': `${EBIZZY}: the memcpy touches every page of the fresh 512 KiB mapping, 128 zero-fill faults of 4 KiB`,
      'ops.3.cycles': `estimate derived from ${EBIZZY}: copying 512 KiB at ≈8 GB/s ≈ 65 µs ≈ 200 k cycles, plus zeroing the faulted pages and the binary search (≈16 probes) ≈ 250 k cycles`,
      'ops.3.tlbMissesPerKcycle': `${EBIZZY}: the copy streams through 128 fresh source and 128 fresh destination pages, ≈256 page walks in ≈250 k cycles ≈ 1 per 1,000 cycles`,
      'ops.4': `${EBIZZY}: munmap(2) of the copy buffer`,
      'ops.5': 'estimate: munmap holds the address-space lock for writing while it removes the VMA and zaps its PTEs, ≈2 µs',
      'ops.6': `${EBIZZY}: munmap clears the 128 PTEs of the 512 KiB chunk (zap_pte_range)`,
      'ops.7': 'Linux flush_tlb_mm_range after munmap: one TLB-shootdown IPI round to the other CPUs that run the process (arch/x86/mm/tlb.c)',
      demand: `${EBIZZY}; eight threads as on a 4-CPU guest (2 × CPUs)`,
      memory: `estimate derived from ${EBIZZY}: 10 chunks × 512 KiB of source records plus one 512 KiB copy buffer per thread ≈ 10 MiB (16 MiB with allocator slack) is the hot set; each unit rewrites 512 KiB, and at ≈6,000 units/s per thread (≈150 µs each) eight threads write ≈24,000 MiB/s of pages — all within that small set of recycled pages, none elsewhere`,
    },
  },

  {
    id: 'batch-cpu',
    name: 'CPU-bound batch job',
    description: 'A CPU-bound batch job (compression, encoding, simulation) with two worker threads: long compute slices, hardly any kernel entries. The classic tenant for consolidation: it takes whatever CPU is left.',
    unit: '30 M-cycle compute slice',
    ops: [{ op: 'compute', cycles: 30_000_000, tlbMissesPerKcycle: 0.1 }],
    demand: { kind: 'closed', concurrency: 2 },
    memory: { hotSetMiB: 256, hotWriteMiBPerSec: 20, coldWriteMiBPerSec: 0.5 },
    sources: {
      'ops.0.cycles': 'estimate: a 10 ms slice of a ≈3 GHz core — coarse enough to simulate quickly, fine enough for time slices of a few ms',
      'ops.0.tlbMissesPerKcycle': `estimate: cache-friendly batch kernels stream through their data and sit at the low end of D-TLB miss rates (${KANDIRAJU})`,
      demand: 'estimate: two worker threads, one per vCPU of a small batch guest',
      memory: 'estimate: the working buffers of a batch job (compression dictionaries, frame buffers, simulation state: a hot set of ≈256 MiB rewritten at ≈20 MiB/s); its output reaches fresh page-cache pages at ≈0.5 MiB/s',
    },
  },
];
