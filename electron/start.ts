/**
 * `npm start`. The desktop window (Electron shell and React renderer) is not built yet; until it
 * is, say so plainly and point at what works today instead of failing obscurely.
 */
const message = `PV Lab's desktop window is not part of this build yet.

What works today is the simulation core and its command line:
  npm run pvlab -- catalog                  list hardware, hypervisors, guest OSes, add-ons, workloads
  npm run pvlab -- run nanobench-pgfault    native vs binary translation vs VT-x on a Pentium 4 672
  npm run pvlab -- check io-emulated-vs-pv  devices, drivers and the path of every operation
  npm run pvlab -- calibrate                the published measurements the engine reproduces

The desktop app (window, replay, comparison, reports) arrives with the desktop issue.
`;
process.stderr.write(message);
process.exitCode = 1;
