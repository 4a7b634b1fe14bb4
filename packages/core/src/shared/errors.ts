/**
 * Domain errors thrown by services. Transports map them in one place each: tRPC in
 * `@pagefree/api` (`toTrpcError`) and HTTP in the server's Hono `onError`.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
}

/** Input failed a rule; `field` names the offending input so the caller can fix it. */
export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'ValidationError';
    this.field = field;
  }
}

/** The caller is not signed in, or its credential is invalid or expired. */
export class UnauthorizedError extends DomainError {
  readonly code = 'UNAUTHORIZED';

  constructor(message = 'Sign in to continue.') {
    super(message);
    this.name = 'UnauthorizedError';
  }
}

/** The caller is known but its role does not allow the operation. */
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';

  constructor(message = 'You do not have permission to do this.') {
    super(message);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  readonly resource: string;

  constructor(resource: string, id?: string) {
    super(id ? `${resource} ${id} was not found.` : `${resource} was not found.`);
    this.name = 'NotFoundError';
    this.resource = resource;
  }
}

/** The operation conflicts with the current state, e.g. resolving a resolved incident. */
export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';

  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super(`Too many requests; retry after ${retryAfterSeconds} seconds.`);
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A dependency (database, Redis) is unreachable; the caller should retry later. */
export class UnavailableError extends DomainError {
  readonly code = 'UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnavailableError';
  }
}
