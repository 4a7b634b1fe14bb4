export type { ApiContext, ApiDeps } from './context.ts';
export { readCookie, serializeCookie } from './cookies.ts';
export { type AppRouter, appRouter, createCaller } from './root-router.ts';
