export { Engine, ENGINE_VERSION, runScenario, type EngineCheckpoint, type RunOptions, type RunResult } from './engine.ts';
export { checkScenario, type ScenarioCheck, type GuestReport } from './check.ts';
export { resolveAddon, resolveGuestPv, modeProblem, ADDON_STATUSES, type AddonStatus, type AddonResolution, type RuntimeOutcome, type ComponentResolution } from './compat.ts';
export { EVENT_KINDS, REASONS, StreamHasher, teeSinks, type EventSink, type SimEvent, type EventKind, type Reason } from './events.ts';
export { Kernel } from './kernel.ts';
export { calibrate, type CalibrationReport, type CalibrationCheck, type CalibrationMeasurement } from './calibration.ts';
