import { fileURLToPath } from 'node:url';

/** The repository root, two folders above this app. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Where the embedded default keeps its state: generated keys, the PGlite database and the
 * local mail catcher's messages. Deleting the folder starts over with a fresh demo.
 */
export const DATA_DIR = process.env.PAGEFREE_HOME ?? `${REPO_ROOT}.pagefree`;

/** The console's production build, served at `/` when present; `pnpm start` builds it first. */
export const WEB_DIST_DIR = `${REPO_ROOT}apps/web/dist`;
