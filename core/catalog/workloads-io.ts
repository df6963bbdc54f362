/**
 * Built-in I/O loops: bulk TCP send (ttcp). Each unit is one packet, so what the virtual device
 * costs per request is what it measures. Sizes that a person varies (the MTU) are parameters.
 */
import type { z } from 'zod';
import type { Workload } from '../model/index.ts';
import { FOONG } from './workload-sources.ts';

export const IO_WORKLOADS: z.input<typeof Workload>[] = [
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
    memory: { hotSetMiB: 8, hotWriteMiBPerSec: 1000, coldWriteMiBPerSec: 0.1 },
    sources: {
      'ops.0': 'ttcp -t writes its buffer with one write() per buffer (ttcp.c); with -l set to one segment that is one call per packet',
      'ops.1': `estimate derived from ${FOONG}: ≈12,000 cycles per 1,500-byte packet in all; the per-packet protocol work is charged by the guest OS (netStackPerPacket) and the write() by ops.0, leaving ≈5,000 cycles for copying and checksumming the payload and ttcp's loop`,
      'ops.2': 'one segment of MTU bytes per write (bytes from the mtu parameter)',
      'params.mtu': 'default 1500: the Ethernet MTU (RFC 894); min 576: the datagram size every IPv4 host must accept (RFC 791); max 9000: the common jumbo-frame MTU of data-center NICs',
      demand: 'ttcp: one transmitting process, one TCP connection',
      memory: 'estimate: ttcp\'s own buffer is a few KiB; the socket send buffer grows up to tcp_wmem max (up to 4 MiB by default, Linux ip-sysctl documentation) and skb data pages are rewritten at line rate (10 Gb/s ≈ 1,190 MiB/s), all within a hot set of ≈8 MiB of recycled pages; little else is written (≈0.1 MiB/s)',
    },
  },
];
