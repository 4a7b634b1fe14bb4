import type { Logger } from '@pagefree/logger';

/** Values Hono middleware attaches to each request's context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    ip: string | null;
  };
}
