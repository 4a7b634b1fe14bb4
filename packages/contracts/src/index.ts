export * from './incident.ts';
export * from './runbook-events.ts';
export * from './runbook-queue.ts';
export * from './socket-events.ts';
