export * from './alert-storm.ts';
export * from './database.ts';
export * from './fixtures.ts';
export * from './log-capture.ts';
export * from './push-service.ts';
export * from './smtp-peer.ts';
export * from './test-env.ts';
export * from './webhook-receiver.ts';
