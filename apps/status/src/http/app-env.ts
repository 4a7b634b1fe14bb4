import type { Logger } from '@pagefree/logger';
import type { Viewer } from '../access/viewer.ts';

/** Values the status site's middleware attaches to each request. */
export interface StatusEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    ip: string | null;
    viewer: Viewer;
    /**
     * CSP frame-ancestors sources for this response, set by routes that render a page
     * allowed to be embedded. Unset means the response may not be framed.
     */
    frameAncestors: string[] | undefined;
  };
}
