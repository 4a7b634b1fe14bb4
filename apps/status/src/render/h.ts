import { jsx } from 'hono/jsx';

/**
 * hono/jsx's element factory under a short name. The markup is built with function calls
 * instead of JSX syntax because Node runs this app's TypeScript by stripping types, which
 * does not transform JSX (Node 24 rejects .tsx files). hono/jsx escapes every string child
 * and attribute value; only `raw()` output is inserted as is.
 */
export const h = jsx;

export type Markup = ReturnType<typeof jsx>;
export type Child = Parameters<typeof jsx>[2];

/** Renders markup to an HTML string. */
export async function renderToString(node: Markup): Promise<string> {
  return String(await node.toString());
}
