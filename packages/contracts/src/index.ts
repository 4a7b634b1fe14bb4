export * from './incident.ts';
export * from './socket-events.ts';
