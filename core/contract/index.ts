/**
 * The contract between LabService and its callers (the desktop UI over IPC, the browser over a
 * loopback WebSocket, the CLI and tests in-process). It imports only the model and zod, so the
 * renderer can import it for types and validation without pulling in Node, the engine or the store.
 */
export * from './methods.ts';
export * from './events.ts';
export * from './errors.ts';
export * from './client.ts';
