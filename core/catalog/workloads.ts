/**
 * Built-in workloads: what one unit of work does (an operation mix) and how units arrive. Every
 * number carries its source in `sources`: the benchmark's own definition or a publication where
 * one exists (Adams & Agesen 2006 for the nanobenchmarks and forkwait), otherwise an estimate
 * that says what it is derived from. Cycle counts are for a ≈3 GHz x86 core; units are kept to a
 * few milliseconds or less so scenarios stay quick to simulate.
 */
import type { z } from 'zod';
import type { Workload } from '../model/index.ts';

const AA06 = 'Adams & Agesen, "A Comparison of Software and Hardware Techniques for x86 Virtualization", ASPLOS 2006';
const AA06_NB = `${AA06}, §6.3 nanobenchmarks: each times a loop of one virtualization-sensitive operation (syscall round trip, in from port 0x80, cr8 write, call/ret, true page fault, divide fault, guest PTE write)`;
const NB_UNITS = 'estimate: enough repetitions for a stable cycles-per-operation average while the run fits the 1 s nanobench scenarios (100,000 × 15,826 cycles, the slowest row — in under VT-x, REFERENCES.md §A — ≈0.42 s at 3.8 GHz)';
const NB_MEMORY = 'estimate: a one-instruction loop writes a handful of variables and at most one page (or one page-table page); nothing to speak of for migration';
const NB_DEMAND = `${AA06_NB}: one loop on one CPU`;
const TLPI = 'Kerrisk, "The Linux Programming Interface" (No Starch 2010), §28.3, Table 28-3: 100,000 fork() + wait() of the smallest (1.70 MB virtual) process took 22.27 s (4,544/s) on Linux 2.6.27, x86-32 — ≈223 µs each';
const DILEK = 'Linux kernel build under perf stat, `make -j4 ... bindeb-pkg`, Sedat Dilek on LKML, "Re: [PATCH 0/2] x86: Remove ideal_nops[]", 15 Mar 2021 (second run): 40,223 CPU-s (37,951 s user, 2,314 s sys), 77.3 T cycles, 288.1 M page faults, 7.44 M context switches';
const KANDIRAJU = 'Kandiraju & Sivasubramaniam, "Characterizing the d-TLB Behavior of SPEC CPU2000 Benchmarks", SIGMETRICS 2002: about a quarter of the programs (ammp, apsi, galgel, lucas, mcf, twolf, vpr) have significant D-TLB miss rates, the rest low';
const BARR = 'Barr, Cox & Rixner, "SpecTLB", ISCA 2011, citing earlier measurements: address translation costs 5–14 % of execution time natively even for nominally sized applications, more under nested paging';
const HENNING = 'Henning, "SPEC CPU2006 Memory Footprint", Computer Architecture News 35(1), March 2007 (virtual and physical memory of each benchmark over time)';
const CLARK = 'Clark et al., "Live Migration of Virtual Machines", NSDI 2005: introduces the writable working set; a SPECweb server migrated with 210 ms downtime, a Quake 3 game server with 60 ms';
const FOONG = 'Foong et al., "TCP Performance Re-Visited", ISPASS 2003: the rule of thumb of 1 GHz of CPU per 1 Gb/s of TCP (≈1 cycle per bit), measured on the Linux 2.4 stack';
const RUAN_PAI = 'Ruan & Pai, USENIX 2006 (SPECweb96/99-style static workload): 35 % of requests for 100–900 B files, 50 % for 1–9 KB, 14 % for 10–90 KB, 1 % for 100–900 KB, an average response of roughly 14 KB; with a 3 GB data set most requests are served from memory';
const SPECWEB2005 = 'SPECweb2005 E-commerce workload design document (SPEC, v1.20): dynamic pages keep a session, submit queries to the back-end simulator (BeSim) and display the results';
const PGBENCH = 'PostgreSQL documentation, pgbench: the default built-in script (tpcb-like) issues seven commands per transaction (BEGIN; UPDATE accounts; SELECT; UPDATE tellers; UPDATE branches; INSERT history; END)';
const PG_PAGES = 'PostgreSQL documentation: tables and indexes are stored in pages of 8 kB (BLCKSZ default), and WAL in 8 kB pages (XLOG_BLCKSZ default)';
const DBENCH = 'dbench/tbench (Andrew Tridgell, dbench.samba.org): dbench produces the file-system calls, tbench the TCP calls, that Samba\'s smbd makes under a NetBench run';
const EBIZZY = 'ebizzy 0.3 (LTP utils/benchmark/ebizzy-0.3/ebizzy.c, Valerie Henson): each thread repeatedly allocates a buffer of one chunk (default 8 B × 64 Ki = 512 KiB), copies a random chunk of records into it, binary-searches it and frees it; with -m ("always mmap") the buffer is mmap()ed and munmap()ed every time, as glibc did for every block above its then static 128 KiB mmap threshold (Henson, "ebizzy 0.1" announcement, LKML, April 2006); threads default to 2 × CPUs';
const VALVE = 'Valve Developer Community, "Source Multiplayer Networking": the server simulates ticks of 15 ms (66.67 per second), clients send commands 30 times a second (cl_cmdrate 30) and get 20 snapshots a second (cl_updaterate 20), all small packets';
const RHEL_CLOCKS = 'Red Hat Enterprise Linux for Real Time 7 reference guide, "Hardware clocks" (REFERENCES.md §E): a test program reads CLOCK_MONOTONIC 10 M times in a loop — TSC 0.567 s, HPET 12.257 s, ACPI PM 25.524 s';
const IDLE_OP = 'one timer tick per unit: an idle guest halts until the next tick and does the tick\'s work (the tick rate and clock reads per tick come from the guest OS profile); repeated for the scenario\'s duration';

function nanobench(id: string, op: 'syscall' | 'portIo' | 'cr8Write' | 'callRet' | 'pageFault' | 'divFault' | 'pteWrite' | 'privOp', name: string, what: string, units: number): z.input<typeof Workload> {
  return {
    id,
    name,
    description: `Nanobenchmark of Adams & Agesen (ASPLOS 2006, §6.3): ${what}, repeated in a tight loop. Cycles per unit are cycles per operation.`,
    unit: what,
    ops: [{ op, count: 1 }],
    demand: { kind: 'closed', concurrency: 1 },
    units,
    memory: { writableWorkingSetMiB: 1, dirtyMiBPerSec: 0.1 },
    sources: {
      'ops.0.count': `${AA06_NB}: one operation per iteration (the calibration divides total cycles by units)`,
      units: units === 100_000 ? NB_UNITS : 'estimate: call/ret costs only 11–51 cycles (REFERENCES.md §A), so 1,000,000 repetitions keep the run-time share of the loop set-up negligible and still take ≈13 ms at 3.8 GHz',
      demand: NB_DEMAND,
      memory: NB_MEMORY,
    },
  };
}

export const WORKLOADS: z.input<typeof Workload>[] = [
  nanobench('nb-syscall', 'syscall', 'Nanobenchmark: syscall', 'a system call round trip', 100_000),
  nanobench('nb-in', 'portIo', 'Nanobenchmark: in', 'an in from I/O port 0x80', 100_000),
  nanobench('nb-cr8wr', 'cr8Write', 'Nanobenchmark: cr8wr', 'a write to CR8 (the task-priority register)', 100_000),
  nanobench('nb-callret', 'callRet', 'Nanobenchmark: call/ret', 'a call and return', 1_000_000),
  nanobench('nb-pgfault', 'pageFault', 'Nanobenchmark: pgfault', 'a true page fault', 100_000),
  nanobench('nb-divzero', 'divFault', 'Nanobenchmark: divzero', 'a divide-by-zero fault (a fault with no MMU work)', 100_000),
  nanobench('nb-ptemod', 'pteWrite', 'Nanobenchmark: ptemod', 'a write to a guest page-table entry', 100_000),
  {
    ...nanobench('user-privop', 'privOp', 'User-mode privileged instruction', 'a privileged instruction attempted in user mode (#GP, caught by the kernel)', 100_000),
    description: 'A user program executes a privileged instruction (cli, hlt or a control-register write) in a loop and catches the resulting SIGSEGV. The CPU raises #GP whatever the virtualization mode: the hypervisor stays out of the guest\'s reach, and the guest kernel sees a fault.',
    sources: {
      'ops.0.count': 'definition: one privileged-instruction attempt per unit; Intel SDM Vol. 3A §2.8 and §6.15: privileged instructions at CPL > 0 raise #GP(0)',
      units: 'estimate: 100,000 attempts, as many as the Adams & Agesen nanobenchmarks repeat their operations (REFERENCES.md §A), so the loop set-up is negligible',
      demand: 'one loop on one CPU, as in the nanobenchmarks',
      memory: NB_MEMORY,
    },
  },

  {
    id: 'forkwait',
    name: 'forkwait (process creation)',
    description:
      'The forkwait test of Adams & Agesen (ASPLOS 2006, §6.2): 40,000 times, fork a child that exits at once and wait for it. One unit is a process creation and teardown: fork copies the page tables, parent and child take copy-on-write faults, exit zaps the child\'s page tables. MMU-heavy: first-generation VT-x with shadow paging loses to binary translation here.',
    unit: 'fork + waitpid',
    ops: [
      { op: 'compute', cycles: 480_000, tlbMissesPerKcycle: 0 },
      { op: 'syscall', count: 1 },
      { op: 'pteWrite', count: 160 },
      { op: 'addressSpaceSwitch', count: 1 },
      { op: 'pageFault', count: 20 },
      { op: 'syscall', count: 1 },
      { op: 'pteWrite', count: 160 },
      { op: 'addressSpaceSwitch', count: 1 },
      { op: 'syscall', count: 1 },
    ],
    demand: { kind: 'closed', concurrency: 1 },
    units: 40_000,
    memory: { writableWorkingSetMiB: 4, dirtyMiBPerSec: 700 },
    sources: {
      units: `${AA06}, §6.2: forkwait creates and waits for 40,000 processes`,
      demand: `${AA06}, §6.2: forkwait is a single-threaded loop`,
      'ops.0': `estimate derived from ${TLPI}: ≈223 µs is ≈0.5–0.65 M cycles on a 2.2–3 GHz CPU of that era (the book does not name the clock); the faults, PTE writes, switches and syscalls listed here cost ≈25 k cycles natively, the remaining ≈480 k cycles is kernel work they do not cover (copying the task, mm, VMAs and files; freeing them at exit; scheduling)`,
      'ops.1': 'fork(2)/clone(2): the first of the three system calls of a fork + exit + waitpid loop (Linux man-pages)',
      'ops.2': `estimate derived from ${TLPI}: of the smallest process's 1.70 MB (435 pages) of virtual memory about 160 pages are resident (≈640 KiB, typical of a small glibc program); Linux 2.6.11 copy_page_range copies every present PTE into the child and write-protects the parent's private writable ones in the same pass`,
      'ops.3': 'the scheduler runs the new child: one switch to its address space',
      'ops.4': 'estimate: after fork, parent and child each take ≈10 copy-on-write faults on the stack, glibc data/bss and heap pages they write before the child exits and the parent returns from waitpid',
      'ops.5': 'exit_group(2) in the child (Linux man-pages)',
      'ops.6': 'estimate, same ≈160 present PTEs as ops.2: exit_mmap/zap_pte_range clears every PTE of the exiting child',
      'ops.7': 'the parent is woken by the child\'s exit: one switch back to its address space',
      'ops.8': 'wait4(2), which waitpid(3) calls, in the parent (Linux man-pages)',
      memory: 'estimate: each unit writes ≈20 copy-on-write pages, two page-table pages and the child\'s kernel stack and task structures (≈100 KiB); at ≈7,500 units/s natively (≈133 µs each) that is ≈700 MiB/s, all within a few MiB of recycled physical pages',
    },
  },

  {
    id: 'kernel-build',
    name: 'Linux kernel build (make -j4)',
    description:
      'A Linux kernel build with four parallel jobs. One unit is a 10 M-cycle slice of one job\'s CPU time with the page faults, system calls, context switches and file reads that come with it — rates measured on a real make -j4 kernel build: ≈94 % user time, ≈7,200 page faults and ≈185 context switches per CPU-second.',
    unit: '10 M-cycle slice of a compile job',
    ops: [
      { op: 'compute', cycles: 9_900_000, tlbMissesPerKcycle: 0.2 },
      { op: 'syscall', count: 100 },
      { op: 'pageFault', count: 37 },
      { op: 'pteWrite', count: 37 },
      { op: 'addressSpaceSwitch', count: 1 },
      { op: 'diskRead', count: 1, bytes: 4096 },
    ],
    demand: { kind: 'closed', concurrency: 4 },
    memory: { writableWorkingSetMiB: 512, dirtyMiBPerSec: 120 },
    sources: {
      'ops.0.cycles': `${DILEK}: a slice is 10 M cycles; the kernel work not covered by the listed operations (exec, exit, path lookups, copies) stays in this compute`,
      'ops.0.tlbMissesPerKcycle': `estimate: gcc is not among the SPEC programs with significant D-TLB miss rates (${KANDIRAJU}); 0.2 page walks per 1,000 cycles, below the suite-wide middle used for specint`,
      'ops.1': `estimate derived from ${DILEK}: system time is 5.7 % of CPU time, ≈570 k cycles per 10 M-cycle slice; less the page faults and switches that leaves ≈480 k cycles of file-system calls (open, stat, read, mmap of sources and headers), ≈100 calls at a few thousand cycles each`,
      'ops.2': `${DILEK}: 288.1 M faults over 77.3 T cycles = 37 per 10 M cycles`,
      'ops.3': 'estimate: every PTE a fault installs in a short-lived compiler process is cleared again when that process exits (zap_pte_range), one PTE write per fault',
      'ops.4': `${DILEK}: 7.44 M context switches over 77.3 T cycles ≈ 1 per 10 M cycles`,
      'ops.5': 'estimate: a warm build reads little from disk; one 4 KiB read per slice stands for the headers and sources not yet in the page cache',
      demand: `${DILEK}: make -j4`,
      memory: `estimate: four compiler processes of up to ≈100 MiB each plus object files written through the page cache; dirty rate from ${DILEK}: ≈7,200 faults per CPU-second × 4 KiB × 4 jobs ≈ 112 MiB/s of freshly written anonymous memory, plus output`,
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
    memory: { writableWorkingSetMiB: 256, dirtyMiBPerSec: 64 },
    sources: {
      'ops.0.cycles': 'estimate: a 10 ms slice of a ≈3 GHz core — short enough for quick scenarios, long enough that per-unit overhead vanishes',
      'ops.0.tlbMissesPerKcycle': `estimate: a suite-wide middle between the few programs with high D-TLB miss rates and the many with low ones (${KANDIRAJU}); consistent with translation costing several per cent of cycles natively (${BARR})`,
      'ops.1': 'estimate: SPEC CPU programs read their input at start and otherwise rarely enter the kernel (an occasional brk/mmap or output write); one call per 10 ms slice',
      demand: 'SPEC CPU "speed" runs: one copy of one program',
      memory: `estimate guided by ${HENNING}: resident sets of the integer programs range from a few MiB to several hundred MiB; 256 MiB written at ≈64 MiB/s as a typical one`,
    },
  },

  {
    id: 'ttcp',
    name: 'ttcp bulk TCP send',
    description:
      'ttcp transmitting a bulk TCP stream with a write() buffer of one segment (ttcp -t -l), so each unit is one write() and one MTU-sized packet. The MTU is a parameter.',
    unit: 'MTU-sized TCP segment',
    ops: [
      { op: 'syscall', count: 1 },
      { op: 'compute', cycles: 5000, tlbMissesPerKcycle: 0 },
      { op: 'netSend', count: 1, bytesParam: 'mtu' },
    ],
    demand: { kind: 'closed', concurrency: 1 },
    params: {
      mtu: { default: 1500, min: 576, max: 9000, description: 'Ethernet MTU in bytes: the size of each packet sent' },
    },
    memory: { writableWorkingSetMiB: 8, dirtyMiBPerSec: 1000 },
    sources: {
      'ops.0': 'ttcp -t writes its buffer with one write() per buffer (ttcp.c); with -l set to one segment that is one call per packet',
      'ops.1': `estimate derived from ${FOONG}: ≈12,000 cycles per 1,500-byte packet in all; the per-packet protocol work is charged by the guest OS (netStackPerPacket) and the write() by ops.0, leaving ≈5,000 cycles for copying and checksumming the payload and ttcp's loop`,
      'ops.2': 'one segment of MTU bytes per write (bytes from the mtu parameter)',
      'params.mtu': 'default 1500: the Ethernet MTU (RFC 894); min 576: the datagram size every IPv4 host must accept (RFC 791); max 9000: the common jumbo-frame MTU of data-center NICs',
      demand: 'ttcp: one transmitting process, one TCP connection',
      memory: 'estimate: ttcp\'s own buffer is a few KiB; the socket send buffer grows up to tcp_wmem max (up to 4 MiB by default, Linux ip-sysctl documentation) and skb data pages are rewritten at line rate (10 Gb/s ≈ 1,190 MiB/s), all within ≈8 MiB of recycled pages',
    },
  },

  {
    id: 'specweb',
    name: 'SPECweb-like web server',
    description:
      'A web server under a SPECweb2005 E-commerce-like load: each request arrives on its own (open, Poisson), runs a dynamic page that queries the back-end simulator, and returns a ≈14 KB response. The representative request is served from the page cache, as most are, so it does no disk I/O.',
    unit: 'HTTP request (dynamic page)',
    ops: [
      { op: 'netRecv', count: 1, bytes: 512 },
      { op: 'syscall', count: 40 },
      { op: 'netSend', count: 1, bytes: 256 },
      { op: 'netRecv', count: 1, bytes: 1500 },
      { op: 'compute', cycles: 3_000_000, tlbMissesPerKcycle: 0.3 },
      { op: 'netSend', count: 10, bytes: 1500 },
    ],
    demand: { kind: 'open', ratePerSec: 1500 },
    memory: { writableWorkingSetMiB: 256, dirtyMiBPerSec: 40 },
    sources: {
      'ops.0': 'estimate: an HTTP GET with its headers and session cookie fits one ≈500-byte packet',
      'ops.1': 'estimate: accept/read of the request, stat/open/read or mmap of scripts and files, the back-end socket calls, writev/sendfile of the response, close and logging: ≈40 calls',
      'ops.2': `${SPECWEB2005}: one small query to BeSim`,
      'ops.3': `${SPECWEB2005}: BeSim's result, one packet`,
      'ops.4': 'estimate: ≈1 ms of a 3 GHz core for a dynamic PHP/JSP page with session handling and output formatting (SPECweb2005 dynamic pages; static files cost far less)',
      'ops.5': `${RUAN_PAI}: ≈14 KB per response = 10 full-size segments of ≈1,448 B payload`,
      'demand.ratePerSec': 'estimate: loads a 4-vCPU guest of a ≈2.6 GHz host to roughly half (1,500 × ≈1 ms of CPU = 1.5 CPUs of 4)',
      memory: `estimate: sessions, PHP/JSP workers, socket buffers and logs (≈256 MiB written at ≈40 MiB/s); ${CLARK}; cached static files are read, not written`,
    },
  },

  {
    id: 'oltp',
    name: 'OLTP database (OSDB-like)',
    description:
      'An OLTP database in the spirit of OSDB\'s OLTP test, with transactions shaped like pgbench\'s TPC-B-like script on PostgreSQL: seven client round trips, a few 8 KiB page reads that miss the buffer pool, a WAL write at commit and short lock holds.',
    unit: 'transaction',
    ops: [
      { op: 'netRecv', count: 7, bytes: 200 },
      { op: 'syscall', count: 30 },
      { op: 'compute', cycles: 2_400_000, tlbMissesPerKcycle: 0.5 },
      { op: 'spinlock', count: 6, holdCycles: 2000 },
      { op: 'diskRead', count: 2, bytes: 8192 },
      { op: 'diskWrite', count: 1, bytes: 8192 },
      { op: 'netSend', count: 7, bytes: 300 },
    ],
    demand: { kind: 'closed', concurrency: 8 },
    memory: { writableWorkingSetMiB: 1024, dirtyMiBPerSec: 80 },
    sources: {
      'ops.0.count': `${PGBENCH}: one client message per command`,
      'ops.0.bytes': 'estimate: one short SQL statement (≈100–200 B) in the PostgreSQL wire protocol',
      'ops.1': 'estimate: recv/send per command (14), buffer reads and writes through the kernel (pread/pwrite), the WAL write and fdatasync at commit, semaphore/futex wake-ups: ≈30',
      'ops.2': 'estimate: ≈0.8 ms of a 3 GHz core per transaction — parsing, planning and executing five statements and the commit, within the 0.5–2 ms range of short OLTP transactions',
      'ops.3.count': 'estimate: PostgreSQL spinlocks and LWLocks taken per transaction (buffer mapping, WAL insertion, proc array at commit — src/backend/storage/lmgr/README); six holds',
      'ops.3.holdCycles': 'estimate: spinlock-protected critical sections are a few hundred instructions (≈2,000 cycles with cache misses)',
      'ops.4.count': 'estimate: the account row\'s heap page and an index leaf miss the buffer pool when the accounts table is larger than shared_buffers; tellers and branches are small and stay cached',
      'ops.4.bytes': PG_PAGES,
      'ops.5.count': 'PostgreSQL flushes the WAL at commit (synchronous_commit on by default): one write per transaction',
      'ops.5.bytes': PG_PAGES,
      'ops.6.count': `${PGBENCH}: one reply per command`,
      'ops.6.bytes': 'estimate: a command tag or a one-row result, ≈100–300 B',
      demand: 'estimate: eight client connections (pgbench -c 8), more than the vCPUs so disk waits overlap',
      memory: 'estimate: shared_buffers at the PostgreSQL documentation\'s suggested 25 % of a 4 GiB guest = 1 GiB; each transaction dirties ≈3 distinct 8 KiB pages (account row, history append, WAL), ≈80 MiB/s at a few thousand transactions per second',
    },
  },

  {
    id: 'dbench',
    name: 'dbench/tbench file server',
    description:
      'A Samba file server under a NetBench-like load, as dbench (its file-system half) and tbench (its network half) generate it. One unit is one client read and one client write of 16 KiB: request in, file read, reply out; data in, file write, reply out.',
    unit: 'client read + write (16 KiB each)',
    ops: [
      { op: 'netRecv', count: 1, bytes: 200 },
      { op: 'diskRead', count: 1, bytes: 16384 },
      { op: 'netSend', count: 12, bytes: 1500 },
      { op: 'netRecv', count: 12, bytes: 1500 },
      { op: 'diskWrite', count: 1, bytes: 16384 },
      { op: 'netSend', count: 1, bytes: 200 },
      { op: 'syscall', count: 8 },
      { op: 'compute', cycles: 150_000, tlbMissesPerKcycle: 0.2 },
    ],
    demand: { kind: 'closed', concurrency: 2 },
    memory: { writableWorkingSetMiB: 256, dirtyMiBPerSec: 50 },
    sources: {
      'ops.0': `${DBENCH}; estimate: an SMB read request fits one ≈200 B packet`,
      'ops.1': `${DBENCH}; estimate: 16 KiB per read (NetBench reads range from a few bytes to 64 KiB)`,
      'ops.2': 'a 16 KiB reply = 12 full-size segments of ≈1,448 B payload',
      'ops.3': 'a 16 KiB write request = 12 full-size segments',
      'ops.4': `${DBENCH}; estimate: 16 KiB per write`,
      'ops.5': 'estimate: an SMB write reply fits one ≈200 B packet',
      'ops.6': `${DBENCH}: smbd's calls for the two requests — recv/send on the socket, open-file lookups, pread, pwrite, fstat: ≈8`,
      'ops.7': 'estimate: ≈50 µs of a 3 GHz core for SMB parsing, oplock and share-mode checks of two requests',
      demand: 'estimate: two client processes (dbench 2), one per vCPU of a small file-server guest',
      memory: 'estimate: files written by the clients sit dirty in the page cache until written back (≈256 MiB written at ≈50 MiB/s)',
    },
  },

  {
    id: 'idle-linux',
    name: 'Idle Linux guest',
    description: 'A Linux guest with nothing to do: it halts until each timer tick, handles the tick and halts again. The tick rate comes from the guest OS (dynticks idle or a periodic tick).',
    unit: 'timer tick',
    ops: [{ op: 'idle', ticks: 1 }],
    demand: { kind: 'closed', concurrency: 1 },
    memory: { writableWorkingSetMiB: 4, dirtyMiBPerSec: 0.2 },
    sources: {
      'ops.0': IDLE_OP,
      demand: 'one idle loop; the other vCPUs halt as well',
      memory: 'estimate: an idle Linux guest writes only kernel timer and statistics structures and the occasional daemon wake-up (≈4 MiB written at ≈0.2 MiB/s)',
    },
  },

  {
    id: 'idle-windows',
    name: 'Idle Windows guest',
    description: 'A Windows guest with nothing to do: it halts until each timer tick, handles the tick and halts again. The tick rate comes from the guest OS.',
    unit: 'timer tick',
    ops: [{ op: 'idle', ticks: 1 }],
    demand: { kind: 'closed', concurrency: 1 },
    memory: { writableWorkingSetMiB: 48, dirtyMiBPerSec: 2 },
    sources: {
      'ops.0': IDLE_OP,
      demand: 'one idle loop; the other vCPUs halt as well',
      memory: 'estimate: an idle Windows guest keeps background services, telemetry and the superfetch/sysmain cache busy (≈48 MiB written at ≈2 MiB/s), more than an idle Linux guest',
    },
  },

  {
    id: 'clock-read',
    name: 'Clock reads (clock_gettime loop)',
    description: 'A loop of clock_gettime(CLOCK_MONOTONIC) calls, as in the Red Hat real-time guide\'s comparison of clock sources. What a read costs depends on the guest\'s clock source: TSC, HPET, ACPI PM timer or a PV clock.',
    unit: 'clock_gettime(CLOCK_MONOTONIC)',
    ops: [{ op: 'clockRead', count: 1 }],
    demand: { kind: 'closed', concurrency: 1 },
    units: 1_000_000,
    memory: { writableWorkingSetMiB: 1, dirtyMiBPerSec: 0.1 },
    sources: {
      'ops.0': `${RHEL_CLOCKS}: one read per iteration`,
      units: `${RHEL_CLOCKS}; 1 M reads here instead of 10 M keep runs short — the comparison is per read`,
      demand: `${RHEL_CLOCKS}: a single-threaded loop`,
      memory: 'estimate: the loop writes one timespec; nothing to speak of for migration',
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
    memory: { writableWorkingSetMiB: 16, dirtyMiBPerSec: 24_000 },
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
      memory: `estimate derived from ${EBIZZY}: 10 chunks × 512 KiB of source records plus one 512 KiB copy buffer per thread ≈ 10 MiB (16 MiB with allocator slack); each unit rewrites 512 KiB, and at ≈6,000 units/s per thread (≈150 µs each) eight threads dirty ≈24,000 MiB/s — all within that small set of recycled pages`,
    },
  },

  {
    id: 'game-server',
    name: 'Multiplayer game server',
    description:
      'A dedicated game server with 16 players: each player\'s command packet arrives (30 per second per player), the server runs its share of the 66-tick-per-second simulation and answers with a snapshot. Small, latency-sensitive packets and a small but fast-changing world state.',
    unit: 'player command (receive, simulate, snapshot)',
    ops: [
      { op: 'netRecv', count: 1, bytes: 100 },
      { op: 'syscall', count: 3 },
      { op: 'clockRead', count: 1 },
      { op: 'compute', cycles: 400_000, tlbMissesPerKcycle: 0.2 },
      { op: 'netSend', count: 1, bytes: 400 },
    ],
    demand: { kind: 'open', ratePerSec: 480 },
    memory: { writableWorkingSetMiB: 64, dirtyMiBPerSec: 128 },
    sources: {
      'ops.0': `${VALVE}; estimate: a user-command packet of ≈100 B`,
      'ops.1': 'estimate: recvfrom, sendto and the wait for the next packet or tick (select/epoll): 3 calls',
      'ops.2': 'estimate: the server reads the clock once per packet to timestamp it and schedule the next tick',
      'ops.3': `estimate derived from ${VALVE}: ≈1 ms of a 3 GHz core per 15 ms tick for 16 players, 66.67 ticks/s spread over 480 commands/s ≈ 0.14 ms ≈ 400 k cycles per command`,
      'ops.4': `${VALVE}; estimate: a delta-compressed snapshot of ≈400 B (20 snapshots per 30 commands, rounded to one per command)`,
      'demand.ratePerSec': `${VALVE}: 16 players × 30 commands/s (cl_cmdrate 30) = 480/s; 16 players is an estimate`,
      memory: `estimate: a world state of ≈64 MiB, small but rewritten fast — entity updates every tick dirty ≈128 MiB/s within it (${CLARK}; the short downtime of the game server reflects its small writable working set)`,
    },
  },

  {
    id: 'batch-cpu',
    name: 'CPU-bound batch job',
    description: 'A CPU-bound batch job (compression, encoding, simulation) with two worker threads: long compute slices, hardly any kernel entries. The classic tenant for consolidation: it takes whatever CPU is left.',
    unit: '30 M-cycle compute slice',
    ops: [{ op: 'compute', cycles: 30_000_000, tlbMissesPerKcycle: 0.1 }],
    demand: { kind: 'closed', concurrency: 2 },
    memory: { writableWorkingSetMiB: 256, dirtyMiBPerSec: 20 },
    sources: {
      'ops.0.cycles': 'estimate: a 10 ms slice of a ≈3 GHz core — coarse enough to simulate quickly, fine enough for time slices of a few ms',
      'ops.0.tlbMissesPerKcycle': `estimate: cache-friendly batch kernels stream through their data and sit at the low end of D-TLB miss rates (${KANDIRAJU})`,
      demand: 'estimate: two worker threads, one per vCPU of a small batch guest',
      memory: 'estimate: input and output buffers of a batch job (≈256 MiB written at ≈20 MiB/s)',
    },
  },
];
