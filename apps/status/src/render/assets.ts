import { LOCAL_TIME_SCRIPT } from './local-time-script.ts';
import { STATUS_CSS } from './styles.ts';

/**
 * FNV-1a 32-bit hash in hex, for cache-busting asset names. Not cryptographic; Web Crypto's
 * digest is asynchronous, and asset paths are needed synchronously at module load.
 */
function contentHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** Static assets by path; their names change with their content, so they cache forever. */
export const ASSETS = {
  stylesheet: {
    path: `/assets/status-${contentHash(STATUS_CSS)}.css`,
    body: STATUS_CSS,
    contentType: 'text/css; charset=utf-8',
  },
  localTime: {
    path: `/assets/local-time-${contentHash(LOCAL_TIME_SCRIPT)}.js`,
    body: LOCAL_TIME_SCRIPT,
    contentType: 'text/javascript; charset=utf-8',
  },
} as const;
