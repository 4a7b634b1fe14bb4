import { IngestRejectedError } from '@pagefree/core/ingestion/ingest-rejected-error';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
} from '@pagefree/core/shared/errors';
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { issueMessage } from './zod-messages.ts';

/**
 * Converts an error from a procedure into the TRPCError the client sees. Domain errors keep
 * their message; anything unknown becomes a generic 500 that keeps the original as `cause`
 * for the log, so internals never reach the client.
 */
export function toTrpcError(error: TRPCError): TRPCError {
  const cause = error.cause;
  if (cause instanceof ZodError) {
    return new TRPCError({ code: 'BAD_REQUEST', message: describeZodError(cause), cause });
  }
  if (isDataError(cause)) {
    return new TRPCError({
      code: 'BAD_REQUEST',
      message: 'A value cannot be stored; remove unusual characters such as NUL, or shorten it.',
      cause,
    });
  }
  if (!(cause instanceof DomainError)) {
    if (error.code !== 'INTERNAL_SERVER_ERROR') return error;
    return new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'Something went wrong on our side; try again.',
      cause: cause ?? error,
    });
  }
  return new TRPCError({ code: codeOf(cause), message: cause.message, cause });
}

function codeOf(error: DomainError): TRPCError['code'] {
  if (error instanceof ValidationError) return 'BAD_REQUEST';
  if (error instanceof UnauthorizedError) return 'UNAUTHORIZED';
  if (error instanceof ForbiddenError) return 'FORBIDDEN';
  if (error instanceof NotFoundError) return 'NOT_FOUND';
  if (error instanceof ConflictError) return 'CONFLICT';
  if (error instanceof RateLimitedError) return 'TOO_MANY_REQUESTS';
  if (error instanceof UnavailableError) return 'SERVICE_UNAVAILABLE';
  if (error instanceof IngestRejectedError) return 'BAD_REQUEST';
  return 'INTERNAL_SERVER_ERROR';
}

/** The input field an error is about, sent to clients so forms can mark it. */
export function validationField(error: TRPCError): string | null {
  if (error.cause instanceof ValidationError) return error.cause.field;
  if (error.cause instanceof ZodError) {
    const first = error.cause.issues[0];
    return first ? first.path.join('.') : null;
  }
  return null;
}

/** One line per invalid field, e.g. "levels.0.delayMinutes: must be at least 1 minute". */
function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.join('.');
      const message = issueMessage(issue);
      if (!field || message.startsWith(field)) return message;
      return `${field}: ${message}`;
    })
    .join('; ');
}

/** PostgreSQL data exceptions (SQLSTATE class 22) come from values the caller sent. */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('22');
}
