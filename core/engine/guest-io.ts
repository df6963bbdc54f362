/**
 * What the guest kernel does with a workload's disk I/O before the device sees it: its page cache
 * and asynchronous I/O. Both apply to the operation list and the compiled paths of a guest
 * (path-tables.ts), so the step loop runs them like any other operation:
 *
 * - page cache: a read that hits is a lookup and a copy in the guest kernel (Linux mm/filemap.c,
 *   filemap_read → filemap_get_pages → copy_page_to_iter), with no device request and no exit; a
 *   miss takes the device path as before. A diskRead stating a hit share is split into its hits
 *   (share 1) and its misses (share 0), whole requests per unit, so the split is idempotent.
 * - asynchronous I/O: a request of an operation with `ioDepth` > 1 does not block the vCPU; it
 *   blocks once that many are in flight or the device's ring is full (io.ts), as an application
 *   with libaio/io_uring, or a page-cache writer whose write-back runs behind it, does.
 */
import type { Operation, PathClass, VirtMode } from '../model/index.ts';
import { CAT_KERNEL, type Path, StepKind, ioStep, makePath, plainStep } from './steps.ts';

/**
 * Finding a cached page: the xarray walk, the page reference and the LRU mark of one
 * filemap_get_pages call (Linux mm/filemap.c). Estimate: a few hundred cycles, of the order of a
 * system call's own work, as no measurement of it alone was found.
 */
export const PAGE_CACHE_LOOKUP_CYCLES = 400;
/**
 * copy_to_user of page-cache data (arch/x86/lib/copy_user_64.S, rep movsb): Intel's optimization
 * manual (§ "Enhanced REP MOVSB and STOSB") gives 16–32 bytes a cycle for cached data; a page
 * that was not touched lately comes from memory at about a quarter of that. Estimate: 8 bytes a
 * cycle.
 */
export const PAGE_CACHE_COPY_BYTES_PER_CYCLE = 8;

type DiskRead = Extract<Operation, { op: 'diskRead' }>;

/** A read served from the page cache (share 1 after the split). */
export function isPageCacheHit(op: Operation): op is DiskRead {
  return op.op === 'diskRead' && op.pageCacheHitRate === 1;
}

/**
 * The operation list with each diskRead split into its page-cache hits and misses per unit:
 * round(count × share) hits, the rest misses; a part with no request is left out. Idempotent.
 */
export function splitPageCacheReads(ops: readonly Operation[]): Operation[] {
  const out: Operation[] = [];
  for (const op of ops) {
    if (op.op !== 'diskRead' || op.pageCacheHitRate === undefined || op.pageCacheHitRate === 0 || op.pageCacheHitRate === 1) {
      out.push(op);
      continue;
    }
    const hits = Math.round(op.count * op.pageCacheHitRate);
    if (hits > 0) out.push({ ...op, count: hits, pageCacheHitRate: 1 });
    if (op.count - hits > 0) out.push({ ...op, count: op.count - hits, pageCacheHitRate: 0 });
  }
  return out;
}

/** Cycles of one page-cache hit of `bytes` in the guest kernel. */
export function pageCacheHitCycles(bytes: number): number {
  return PAGE_CACHE_LOOKUP_CYCLES + Math.ceil(bytes / PAGE_CACHE_COPY_BYTES_PER_CYCLE);
}

/**
 * The path of a read served from the page cache: guest-kernel work only, so it runs at the
 * guest's speed under every technique with hardware assistance or PV (binary translation's cost
 * of guest-kernel code is the BT model's, not this one's).
 */
export function pageCacheHitPath(bytes: number, mode: VirtMode): Path {
  const cls: PathClass = mode === 'native' ? 'native' : mode === 'bt' ? 'bt' : mode === 'xen-pv' ? 'pv' : 'hw';
  return makePath(`disk-read ${bytes} B: guest page-cache hit`, cls, [plainStep(pageCacheHitCycles(bytes), CAT_KERNEL)]);
}

/** Requests in flight an operation asks for (1: synchronous). */
export function ioDepthOf(op: Operation): number {
  return (op.op === 'diskRead' || op.op === 'diskWrite') && op.ioDepth !== undefined ? op.ioDepth : 1;
}

/**
 * `path` with its disk requests made asynchronous, at most `depth` in flight (and never more
 * than the device's ring holds). A depth of 1 leaves the path as it is.
 */
export function withIoDepth(path: Path, depth: number): Path {
  if (depth <= 1) return path;
  let changed = false;
  const steps = path.steps.map((s) => {
    if (s.kind !== StepKind.Io || (s.detail.kind !== 'disk-read' && s.detail.kind !== 'disk-write')) return s;
    changed = true;
    return ioStep({ ...s.detail, sync: false, ringSize: Math.min(s.detail.ringSize, depth) });
  });
  if (!changed) return path;
  return makePath(`${path.name}, ${depth} in flight`, path.cls, steps, path.counted);
}
