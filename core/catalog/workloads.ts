/**
 * Built-in workloads: what one unit of work does (an operation mix) and how units arrive. Every
 * number carries its source in `sources`: the benchmark's own definition or a publication where
 * one exists (Adams & Agesen 2006 for the nanobenchmarks and forkwait), otherwise an estimate
 * that says what it is derived from. Cycle counts are for a ≈3 GHz x86 core; units are kept to a
 * few milliseconds or less so scenarios stay quick to simulate. The entries live in one file per
 * kind of workload.
 */
import type { z } from 'zod';
import type { Workload } from '../model/index.ts';
import { COMPUTE_WORKLOADS } from './workloads-compute.ts';
import { IO_WORKLOADS } from './workloads-io.ts';
import { MICRO_WORKLOADS } from './workloads-micro.ts';
import { SERVER_WORKLOADS } from './workloads-server.ts';

export const WORKLOADS: z.input<typeof Workload>[] = [...MICRO_WORKLOADS, ...COMPUTE_WORKLOADS, ...IO_WORKLOADS, ...SERVER_WORKLOADS];
