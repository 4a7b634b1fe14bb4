import { TRPCClientError } from '@trpc/client';

interface ErrorData {
  code?: string;
  httpStatus?: number;
  field?: string | null;
}

function errorData(error: unknown): ErrorData | null {
  if (error instanceof TRPCClientError) return (error.data as ErrorData | undefined) ?? null;
  return null;
}

/**
 * Returns the message to show for a failed request. Server messages are written for people
 * and name the fix, so they are shown as they are. A request that never reached the server
 * gets a message about the connection instead.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    if (errorData(error) === null) {
      return 'PageFree could not be reached. Check your connection, then try again.';
    }
    return error.message;
  }
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong; try again.';
}

/** Returns the input field the server named as invalid (`error.data.field`), to mark a form control. */
export function errorField(error: unknown): string | null {
  return errorData(error)?.field ?? null;
}

export function isUnauthorized(error: unknown): boolean {
  return errorData(error)?.code === 'UNAUTHORIZED';
}

/** True for 4xx responses, which fail the same way when retried. */
export function isClientError(error: unknown): boolean {
  const status = errorData(error)?.httpStatus;
  return status !== undefined && status >= 400 && status < 500;
}
