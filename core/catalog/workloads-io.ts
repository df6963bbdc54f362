/**
 * Built-in I/O loops: bulk TCP send (ttcp) and receive (netperf TCP_MAERTS), small UDP
 * datagrams, ping, and O_DIRECT random reads. Each unit is one or two packets or one disk
 * request, so what the virtual device costs per request is what they measure. Sizes that a
 * person varies (MTU, datagram size) are parameters.
 */
import type { z } from 'zod';
import type { Workload } from '../model/index.ts';
import { FOONG } from './workload-sources.ts';

const BARHAM = 'Barham et al., "Xen and the Art of Virtualization", SOSP 2003, §4.2: ttcp bulk TCP transmit and receive between two hosts, with a 1,500-byte MTU and with a 500-byte MTU (as dial-up PPP clients used)';
const MTU_PARAM = { default: 1500, min: 500, max: 9000, description: 'Ethernet MTU in bytes: the size of each full TCP segment\'s packet' };
const MTU_SOURCE = `default 1500: the Ethernet MTU (RFC 894); min 500: the smaller MTU of ${BARHAM}; max 9000: the common jumbo-frame MTU of data-center NICs`;
const SEGMENT_COPY = `estimate derived from ${FOONG}: ≈12,000 cycles per 1,500-byte packet in all; the per-packet protocol work is charged by the guest OS (netStackPerPacket) and the system call by its own op, leaving ≈5,000 cycles per segment for copying and checksumming the payload and the program's loop`;
const STREAM_MEMORY = 'estimate: the program\'s buffer is a few KiB; the socket buffer grows up to tcp_wmem/tcp_rmem max (4–6 MiB by default, Linux ip-sysctl documentation) and skb data pages are rewritten at line rate (10 Gb/s ≈ 1,190 MiB/s), all within a hot set of ≈8 MiB of recycled pages; little else is written (≈0.1 MiB/s)';
const SMALL_LOOP_MEMORY = 'estimate: the program\'s buffer, the socket buffer (net.core.wmem_default/rmem_default 208 KiB, Linux socket(7)) and the skb slab pages the stack recycles: a hot set of ≈1 MiB, rewritten with every packet (hundreds of MiB/s of page writes); ≈0.1 MiB/s elsewhere';
const PING = 'ping(8), iputils: -s packetsize defaults to 56 data bytes, 64 ICMP bytes with the 8-byte ICMP header (84 B with the 20-byte IPv4 header); the data begins with a struct timeval timestamp used to compute the round-trip time; -f (flood) sends the next request as soon as the reply comes back';
const FIO = 'fio documentation (fio.readthedocs.io, "Job file parameters"): direct=1 uses non-buffered I/O (O_DIRECT), rw=randread, bs=4k, ioengine=psync issues each I/O with pread(2), iodepth=1; open(2): with O_DIRECT, I/O goes directly to and from user-space buffers, not through the page cache';

export const IO_WORKLOADS: z.input<typeof Workload>[] = [
  {
    id: 'ttcp',
    name: 'ttcp bulk TCP send',
    description:
      'ttcp transmitting a bulk TCP stream with a write() buffer of one segment (ttcp -t -l), so each unit is one write() and one MTU-sized packet. The MTU is a parameter, down to the 500 bytes of the Xen paper\'s ttcp runs.',
    unit: 'MTU-sized TCP segment',
    ops: [
      { op: 'syscall', count: 1 },
      { op: 'compute', cycles: 5000, tlbMissesPerKcycle: 0 },
      { op: 'netSend', count: 1, bytesParam: 'mtu' },
    ],
    demand: { kind: 'closed', concurrency: 1 },
    params: { mtu: MTU_PARAM },
    memory: { hotSetMiB: 8, hotWriteMiBPerSec: 1000, coldWriteMiBPerSec: 0.1 },
    sources: {
      'ops.0': 'ttcp -t writes its buffer with one write() per buffer (ttcp.c); with -l set to one segment that is one call per packet',
      'ops.1': SEGMENT_COPY,
      'ops.2': 'one segment of MTU bytes per write (bytes from the mtu parameter)',
      'params.mtu': MTU_SOURCE,
      demand: 'ttcp: one transmitting process, one TCP connection',
      memory: STREAM_MEMORY,
    },
  },

  {
    id: 'tcp-maerts',
    name: 'netperf TCP_MAERTS (bulk TCP receive)',
    description:
      'The receive side of a bulk TCP stream, as netperf TCP_MAERTS measures it: a sender outside the guest streams MTU-sized segments; the guest receives them, acknowledges every second one and copies the data to the application with recv(). One unit is two segments. The MTU is a parameter.',
    unit: 'two MTU-sized TCP segments received',
    ops: [
      { op: 'netRecv', count: 2, bytesParam: 'mtu' },
      { op: 'syscall', count: 1 },
      { op: 'compute', cycles: 10_000, tlbMissesPerKcycle: 0 },
      { op: 'netSend', count: 1, bytes: 52 },
    ],
    demand: { kind: 'closed', concurrency: 1 },
    params: { mtu: MTU_PARAM },
    memory: { hotSetMiB: 8, hotWriteMiBPerSec: 1000, coldWriteMiBPerSec: 0.1 },
    sources: {
      'ops.0': 'netperf manual, TCP_MAERTS ("STREAM" backwards): a TCP_STREAM whose data flows from the remote netserver to the local netperf; two full segments per unit, the pair one delayed ACK answers (ops.3)',
      'ops.1': 'estimate: netperf\'s recv() returns whatever has arrived (up to its receive size); a receiver that keeps up with the stream wakes about once per acknowledged pair',
      'ops.2': `${SEGMENT_COPY}; two segments`,
      'ops.3.count': 'RFC 1122 §4.2.3.2 and RFC 5681 §4.2: a receiver should acknowledge at least every second full-sized segment (delayed ACK)',
      'ops.3.bytes': 'a pure ACK: 20 B IPv4 header + 20 B TCP header + 12 B of timestamp option (RFC 7323; on by default in Linux, net.ipv4.tcp_timestamps = 1, ip-sysctl documentation)',
      'params.mtu': MTU_SOURCE,
      demand: 'netperf: one receiving process, one TCP connection',
      memory: STREAM_MEMORY,
    },
  },

  {
    id: 'udp-send',
    name: 'UDP send of small datagrams',
    description:
      'A loop of one sendto() per UDP datagram, as netperf UDP_STREAM or iperf -u with a small send size: every datagram is a packet of its own, so the per-packet costs — the stack, the virtual NIC\'s register exits or ring notification, the backend — are paid for a few bytes each. The datagram size is a parameter.',
    unit: 'UDP datagram',
    ops: [
      { op: 'syscall', count: 1 },
      { op: 'compute', cycles: 1000, tlbMissesPerKcycle: 0 },
      { op: 'netSend', count: 1, bytesParam: 'size' },
    ],
    demand: { kind: 'closed', concurrency: 1 },
    params: {
      size: { default: 46, min: 46, max: 1500, description: 'bytes of each IP datagram: the UDP payload plus 28 B of UDP and IPv4 headers (46 fills the smallest Ethernet frame)' },
    },
    memory: { hotSetMiB: 1, hotWriteMiBPerSec: 500, coldWriteMiBPerSec: 0.1 },
    sources: {
      'ops.0': 'udp(7): UDP preserves message boundaries, so each sendto() sends one datagram',
      'ops.1': `estimate derived from ${FOONG}: the per-packet protocol work is charged by the guest OS (netStackPerPacket) and the sendto() by ops.0; copying and checksumming at most 1,472 B of payload and the loop cost ≈1,000 cycles`,
      'ops.2': 'one datagram of `size` bytes per sendto(); no fragmentation up to the 1,500-byte MTU',
      'params.size': 'default and min 46: the IP datagram of a 64-byte Ethernet frame (64 − 14 B header − 4 B FCS, IEEE 802.3), the smallest frame RFC 2544 §9.1 tests, an 18-byte UDP payload; max 1500: one Ethernet MTU (RFC 894)',
      demand: 'one sending process, one socket',
      memory: SMALL_LOOP_MEMORY,
    },
  },

  {
    id: 'ping',
    name: 'ping (ICMP echo request and reply)',
    description:
      'ping -f: send an ICMP echo request, wait for the echo reply, send the next. One unit is one round trip — a small packet out, a small packet in, and a clock read on each side to time it; the latency of a unit is the round-trip time less the remote host\'s part.',
    unit: 'echo request + echo reply',
    ops: [
      { op: 'clockRead', count: 1 },
      { op: 'syscall', count: 1 },
      { op: 'netSend', count: 1, bytes: 84 },
      { op: 'syscall', count: 1 },
      { op: 'netRecv', count: 1, bytes: 84 },
      { op: 'clockRead', count: 1 },
    ],
    demand: { kind: 'closed', concurrency: 1 },
    memory: { hotSetMiB: 1, hotWriteMiBPerSec: 500, coldWriteMiBPerSec: 0.1 },
    sources: {
      'ops.0': `${PING}: the send timestamp`,
      'ops.1': 'iputils ping sends each request with sendto(2)',
      'ops.2': PING,
      'ops.3': 'iputils ping receives each reply with recvmsg(2)',
      'ops.4': `${PING}: the echo reply carries the request's data back`,
      'ops.5': `${PING}: the receive time`,
      demand: `${PING}: one request in flight`,
      memory: SMALL_LOOP_MEMORY,
    },
  },

  {
    id: 'odirect-randread',
    name: 'O_DIRECT 4 KiB random reads',
    description:
      'A fio-style loop of 4 KiB random reads with O_DIRECT, one at a time: each pread() bypasses the guest\'s page cache and goes to the disk, so every unit pays the whole device path — the virtual disk\'s exits or ring notification, the backend and the physical device\'s latency.',
    unit: '4 KiB pread() with O_DIRECT',
    ops: [
      { op: 'syscall', count: 1 },
      { op: 'compute', cycles: 2000, tlbMissesPerKcycle: 0 },
      { op: 'diskRead', count: 1, bytes: 4096, pageCacheHitRate: 0 },
    ],
    demand: { kind: 'closed', concurrency: 1 },
    memory: { hotSetMiB: 0.016, hotWriteMiBPerSec: 100, coldWriteMiBPerSec: 0.1 },
    sources: {
      'ops.0': `${FIO}: one pread(2) per I/O`,
      'ops.1': 'estimate: fio\'s own work per I/O — a random offset, submission and completion bookkeeping, latency statistics — ≈2,000 cycles',
      'ops.2.count': `${FIO}: one read per unit; O_DIRECT leaves nothing for the page cache to answer`,
      'ops.2.bytes': `${FIO}: bs=4k`,
      'ops.2.pageCacheHitRate': 'Linux open(2): O_DIRECT transfers go directly to and from user-space buffers, bypassing the page cache — no read can hit it',
      demand: `${FIO}: one job, iodepth=1`,
      memory: 'estimate: every read lands in the same 4 KiB user buffer (the device writes it by DMA, and dirty logging counts DMA writes too) next to fio\'s own state: a hot set of ≈16 KiB rewritten thousands of times a second (≈100 MiB/s of page writes); ≈0.1 MiB/s elsewhere',
    },
  },
];
