/**
 * What LabService needs of the engine, recordings and reports, in one module it loads on first use
 * (`simulation()` in service.ts): opening a lab and listing what is in it loads none of it, so the
 * `pvlab` listing commands start without the engine, the replay cursor or the report renderers.
 */
export { calibrate } from '../engine/calibration.ts';
export { checkScenario } from '../engine/check.ts';
export { compareMetrics, compareRows, findings } from '../report/compare.ts';
export { ReplayCursor } from '../trace/cursor.ts';
export { estimateRun } from '../trace/estimate.ts';
export { lanes, listEvents, markers } from '../trace/lanes.ts';
export { catalogFor } from '../trace/plan.ts';
export { verifyRecording } from '../trace/verify.ts';
export { startBranch } from './branch.ts';
export { fileHandlers } from './files.ts';
export { startRun } from './runner.ts';
