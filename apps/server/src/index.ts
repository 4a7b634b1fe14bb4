export { createServerApp, type ServerAppDeps } from './app.ts';
export { type RunningServer, type StartServerOptions, startServer } from './server.ts';
