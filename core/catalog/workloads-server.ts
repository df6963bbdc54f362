/**
 * Built-in server workloads: a SPECweb-like web server, an OLTP database, a Samba file server and
 * a multiplayer game server. Requests arrive from clients outside the guest; the hot sets that
 * live migration sees are sourced from Clark et al.'s measurements where they exist.
 */
import type { z } from 'zod';
import type { Workload } from '../model/index.ts';
import { CLARK, PAGE_CACHE_WARM } from './workload-sources.ts';

const CLARK_SPECWEB = `${CLARK}, §6.3 (SPECweb99, 350 clients, an 800 MB VM): the last pre-copy round left 18.2 MB, sent in 201 ms with the guest paused (210 ms downtime in all)`;
const CLARK_QUAKE = `${CLARK}, §6.4 (a Quake 3 server, 6 players, a 64 MB VM): the last pre-copy round left 148 KB, sent in ≈20 ms (60 ms downtime in all)`;
const RUAN_PAI = 'Ruan & Pai, USENIX 2006 (SPECweb96/99-style static workload): 35 % of requests for 100–900 B files, 50 % for 1–9 KB, 14 % for 10–90 KB, 1 % for 100–900 KB, an average response of roughly 14 KB; with a 3 GB data set most requests are served from memory';
const SPECWEB2005 = 'SPECweb2005 E-commerce workload design document (SPEC, v1.20): dynamic pages keep a session, submit queries to the back-end simulator (BeSim) and display the results';
const PGBENCH = 'PostgreSQL documentation, pgbench: the default built-in script (tpcb-like) issues seven commands per transaction (BEGIN; UPDATE accounts; SELECT; UPDATE tellers; UPDATE branches; INSERT history; END)';
const PG_PAGES = 'PostgreSQL documentation: tables and indexes are stored in pages of 8 kB (BLCKSZ default), and WAL in 8 kB pages (XLOG_BLCKSZ default)';
const PG_OS_CACHE = 'PostgreSQL documentation, Resource Consumption (shared_buffers): a reasonable starting value is 25 % of the memory, as PostgreSQL also relies on the operating system cache';
const DBENCH = 'dbench/tbench (Andrew Tridgell, dbench.samba.org): dbench produces the file-system calls, tbench the TCP calls, that Samba\'s smbd makes under a NetBench run';
const VALVE = 'Valve Developer Community, "Source Multiplayer Networking": the server simulates ticks of 15 ms (66.67 per second), clients send commands 30 times a second (cl_cmdrate 30) and get 20 snapshots a second (cl_updaterate 20), all small packets';

export const SERVER_WORKLOADS: z.input<typeof Workload>[] = [
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
    memory: { hotSetMiB: 18, hotWriteMiBPerSec: 40, coldWriteMiBPerSec: 0.5 },
    sources: {
      'ops.0': 'estimate: an HTTP GET with its headers and session cookie fits one ≈500-byte packet',
      'ops.1': 'estimate: accept/read of the request, stat/open/read or mmap of scripts and files, the back-end socket calls, writev/sendfile of the response, close and logging: ≈40 calls',
      'ops.2': `${SPECWEB2005}: one small query to BeSim`,
      'ops.3': `${SPECWEB2005}: BeSim's result, one packet`,
      'ops.4': 'estimate: ≈1 ms of a 3 GHz core for a dynamic PHP/JSP page with session handling and output formatting (SPECweb2005 dynamic pages; static files cost far less)',
      'ops.5': `${RUAN_PAI}: ≈14 KB per response = 10 full-size segments of ≈1,448 B payload`,
      'demand.ratePerSec': 'estimate: loads a 4-vCPU guest of a ≈2.6 GHz host to roughly half (1,500 × ≈1 ms of CPU = 1.5 CPUs of 4)',
      'memory.hotSetMiB': `${CLARK_SPECWEB}: the rounds shrank to what the server rewrites however short they are — its writable working set of sessions, worker heaps and socket buffers (cached static files are read, not written)`,
      'memory.hotWriteMiBPerSec': 'estimate: sessions, PHP/JSP worker heaps, socket buffers and logs rewritten at ≈40 MiB/s (≈27 KiB per request at 1,500 requests/s: the ≈14 KB response through socket buffers, the request, session and worker state)',
      'memory.coldWriteMiBPerSec': 'estimate: the access log (≈200 B a request × 1,500 requests/s ≈ 0.3 MB/s) and new session files reach fresh page-cache pages, ≈0.5 MiB/s',
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
      { op: 'diskRead', count: 2, bytes: 8192, pageCacheHitRate: 0.5 },
      { op: 'diskWrite', count: 1, bytes: 8192 },
      { op: 'netSend', count: 7, bytes: 300 },
    ],
    demand: { kind: 'closed', concurrency: 8 },
    memory: { hotSetMiB: 1024, hotWriteMiBPerSec: 53, coldWriteMiBPerSec: 27 },
    sources: {
      'ops.0.count': `${PGBENCH}: one client message per command`,
      'ops.0.bytes': 'estimate: one short SQL statement (≈100–200 B) in the PostgreSQL wire protocol',
      'ops.1': 'estimate: recv/send per command (14), buffer reads and writes through the kernel (pread/pwrite), the WAL write and fdatasync at commit, semaphore/futex wake-ups: ≈30',
      'ops.2': 'estimate: ≈0.8 ms of a 3 GHz core per transaction — parsing, planning and executing five statements and the commit, within the 0.5–2 ms range of short OLTP transactions',
      'ops.3.count': 'estimate: PostgreSQL spinlocks and LWLocks taken per transaction (buffer mapping, WAL insertion, proc array at commit — src/backend/storage/lmgr/README); six holds',
      'ops.3.holdCycles': 'estimate: spinlock-protected critical sections are a few hundred instructions (≈2,000 cycles with cache misses)',
      'ops.4.count': 'estimate: the account row\'s heap page and an index leaf miss the buffer pool when the accounts table is larger than shared_buffers; tellers and branches are small and stay cached',
      'ops.4.bytes': PG_PAGES,
      'ops.4.pageCacheHitRate': `${PG_OS_CACHE}; estimate: with shared_buffers at 1 GiB of a 4 GiB guest, the kernel's page cache holds about as much of the table again, so about half of the pages that miss shared_buffers are found there (one of the two reads)`,
      'ops.5.count': 'PostgreSQL flushes the WAL at commit (synchronous_commit on by default): one write per transaction',
      'ops.5.bytes': PG_PAGES,
      'ops.6.count': `${PGBENCH}: one reply per command`,
      'ops.6.bytes': 'estimate: a command tag or a one-row result, ≈100–300 B',
      demand: 'estimate: eight client connections (pgbench -c 8), more than the vCPUs so disk waits overlap',
      memory: 'estimate: the hot set is shared_buffers at the PostgreSQL documentation\'s suggested 25 % of a 4 GiB guest = 1 GiB; each transaction dirties ≈3 distinct 8 KiB pages, ≈80 MiB/s at a few thousand transactions per second: the account row and the history append land in shared_buffers (two thirds, ≈53 MiB/s), the WAL record is appended to fresh page-cache pages of the WAL segment (one third, ≈27 MiB/s)',
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
      { op: 'diskRead', count: 1, bytes: 16384, pageCacheHitRate: 1 },
      { op: 'netSend', count: 12, bytes: 1500 },
      { op: 'netRecv', count: 12, bytes: 1500 },
      { op: 'diskWrite', count: 1, bytes: 16384 },
      { op: 'netSend', count: 1, bytes: 200 },
      { op: 'syscall', count: 8 },
      { op: 'compute', cycles: 150_000, tlbMissesPerKcycle: 0.2 },
    ],
    demand: { kind: 'closed', concurrency: 2 },
    memory: { hotSetMiB: 256, hotWriteMiBPerSec: 50, coldWriteMiBPerSec: 0.5 },
    sources: {
      'ops.0': `${DBENCH}; estimate: an SMB read request fits one ≈200 B packet`,
      'ops.1.count': DBENCH,
      'ops.1.bytes': `${DBENCH}; estimate: 16 KiB per read (NetBench reads range from a few bytes to 64 KiB)`,
      'ops.1.pageCacheHitRate': `${DBENCH}: a client reads back the files it created and wrote earlier in the load file, a working set of some tens of MiB that stays in the guest's page cache, so every read is a hit (${PAGE_CACHE_WARM})`,
      'ops.2': 'a 16 KiB reply = 12 full-size segments of ≈1,448 B payload',
      'ops.3': 'a 16 KiB write request = 12 full-size segments',
      'ops.4': `${DBENCH}; estimate: 16 KiB per write`,
      'ops.5': 'estimate: an SMB write reply fits one ≈200 B packet',
      'ops.6': `${DBENCH}: smbd's calls for the two requests — recv/send on the socket, open-file lookups, pread, pwrite, fstat: ≈8`,
      'ops.7': 'estimate: ≈50 µs of a 3 GHz core for SMB parsing, oplock and share-mode checks of two requests',
      demand: 'estimate: two client processes (dbench 2), one per vCPU of a small file-server guest',
      memory: `estimate: ${DBENCH}: the load file creates, writes and deletes the same client files over and over, so their page-cache pages are recycled (a hot set of ≈256 MiB written at ≈50 MiB/s); smbd's logs and metadata reach fresh pages at ≈0.5 MiB/s`,
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
    memory: { hotSetMiB: 0.4, hotWriteMiBPerSec: 26.7, coldWriteMiBPerSec: 0.1 },
    sources: {
      'ops.0': `${VALVE}; estimate: a user-command packet of ≈100 B`,
      'ops.1': 'estimate: recvfrom, sendto and the wait for the next packet or tick (select/epoll): 3 calls',
      'ops.2': 'estimate: the server reads the clock once per packet to timestamp it and schedule the next tick',
      'ops.3': `estimate derived from ${VALVE}: ≈1 ms of a 3 GHz core per 15 ms tick for 16 players, 66.67 ticks/s spread over 480 commands/s ≈ 0.14 ms ≈ 400 k cycles per command`,
      'ops.4': `${VALVE}; estimate: a delta-compressed snapshot of ≈400 B (20 snapshots per 30 commands, rounded to one per command)`,
      'demand.ratePerSec': `${VALVE}: 16 players × 30 commands/s (cl_cmdrate 30) = 480/s; 16 players is an estimate`,
      'memory.hotSetMiB': `estimate derived from ${CLARK_QUAKE}: a game server rewrites only its world and per-player state, so little is left for the paused copy; 148 KB for 6 players, scaled to this server's 16 players (per-player client state and snapshot buffers) ≈ 0.4 MiB`,
      'memory.hotWriteMiBPerSec': `${VALVE}: the server rewrites its world state on every 15 ms tick: 0.4 MiB × 66.67 ticks/s ≈ 26.7 MiB/s of page writes, all into the hot set`,
      'memory.coldWriteMiBPerSec': 'estimate: log lines and the odd allocation outside the world state, ≈0.1 MiB/s',
    },
  },
];
