/**
 * The renderer's view of PV Lab: types only, from core's model. The desktop issue adds the
 * typed API object the preload exposes; nothing here may reach Node, the engine or the store.
 */
export type { RunMetrics, Scenario, GuestMetrics, HostMetrics, ResourceMetrics } from '../core/model/index.ts';
