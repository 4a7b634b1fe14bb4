import { ValidationError } from '@pagefree/core/shared/errors';

/**
 * Throws a ValidationError naming the first field of `input` whose text (or key) contains a
 * NUL character. PostgreSQL cannot store NUL in text or jsonb, so without this check such a
 * value fails deep in a query with no field to name.
 */
export function rejectNulCharacters(input: unknown): void {
  const pending: Array<{ value: unknown; path: string }> = [{ value: input, path: '' }];
  // Every value is visited: the walk is linear in the parsed input, as JSON parsing was, and
  // stopping early would let padding push a NUL past the check.
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) {
        throw new ValidationError(
          (path || 'input').replaceAll('\u0000', '\\u0000'),
          'contains a NUL character (\\u0000), which cannot be stored; remove it',
        );
      }
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) pending.push({ value: key, path: childPath });
      pending.push({ value: child, path: childPath });
    }
  }
}
