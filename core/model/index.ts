export * from './common.ts';
export * from './hardware.ts';
export * from './hypervisor.ts';
export * from './guestos.ts';
export * from './addon.ts';
export * from './workload.ts';
export * from './scenario.ts';
export * from './errors.ts';
