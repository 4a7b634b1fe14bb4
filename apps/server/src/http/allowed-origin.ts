/**
 * Decides whether a browser `Origin` may use cookie-authenticated endpoints: PageFree's own
 * public origin, the origin of the host the request reached, and in development any
 * loopback origin (the Vite dev server proxies the console from another port).
 */
export function isAllowedOrigin(
  origin: string,
  context: { publicUrl: string; requestOrigin: string | null; development: boolean },
): boolean {
  if (origin === new URL(context.publicUrl).origin || origin === context.requestOrigin) {
    return true;
  }
  if (!context.development) return false;
  try {
    const { hostname, protocol } = new URL(origin);
    return (
      protocol === 'http:' &&
      (hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]')
    );
  } catch {
    return false;
  }
}
