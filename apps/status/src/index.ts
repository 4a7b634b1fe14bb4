// Re-exported for code outside the workspace packages (the benchmarks), which cannot resolve
// `hono` itself and must compose the status app with the same Hono module.
export { Hono } from 'hono';
export { createStatusApp, type StatusAppDeps } from './app.ts';
export {
  createNodeStatusApp,
  type NodeStatusAppOptions,
  type RunningStatusSite,
  startStatusSite,
} from './node/node-adapter.ts';
export { previewStyleSource, renderPreviewDocument } from './render/preview.ts';
