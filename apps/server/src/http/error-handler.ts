import { IngestRejectedError, REJECT_STATUS } from '@pagefree/core/ingestion/ingest-rejected-error';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
} from '@pagefree/core/shared/errors';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './app-env.ts';

/**
 * Maps errors thrown by HTTP routes to responses, in this one place. Refused webhooks on
 * the Events API v2 route keep PagerDuty's error shape, so PagerDuty clients can read them.
 */
export function handleHttpError(error: Error, c: Context<AppEnv>): Response {
  const requestId = c.get('requestId');

  if (error instanceof IngestRejectedError) {
    const status = REJECT_STATUS[error.reason] as ContentfulStatusCode;
    // Reading stopped at the limit, so the connection still carries the rest of the body.
    if (error.reason === 'payload_too_large') c.header('connection', 'close');
    if (c.req.path === '/v2/enqueue') {
      return c.json(
        { status: 'invalid event', message: error.message, errors: [error.message], requestId },
        status,
      );
    }
    return c.json(
      {
        status: 'rejected',
        error: error.reason,
        message: error.message,
        field: error.field,
        requestId,
      },
      status,
    );
  }
  if (error instanceof UnavailableError) {
    c.header('retry-after', '5');
    return c.json(
      { status: 'unavailable', error: 'unavailable', message: error.message, requestId },
      503,
    );
  }
  if (error instanceof RateLimitedError) {
    c.header('retry-after', String(error.retryAfterSeconds));
    return c.json(
      { status: 'rate_limited', error: 'rate_limited', message: error.message, requestId },
      429,
    );
  }

  const known = knownStatus(error);
  if (known) {
    return c.json(
      {
        status: 'error',
        error: (error as { code?: string }).code,
        message: error.message,
        requestId,
      },
      known,
    );
  }

  c.get('logger').error({ err: error }, 'Unhandled error');
  return c.json(
    {
      status: 'error',
      error: 'internal',
      message: 'Something went wrong on our side; try again.',
      requestId,
    },
    500,
  );
}

function knownStatus(error: Error): ContentfulStatusCode | null {
  if (error instanceof ValidationError) return 400;
  if (error instanceof UnauthorizedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  return null;
}
