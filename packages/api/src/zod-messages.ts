import type { ZodError } from 'zod';

type Issue = ZodError['issues'][number];

/** zod's default messages, such as "Too big: expected number to be <=60". Ours never start so. */
const STOCK_MESSAGE = /^(Too big|Too small|Invalid)\b/;

/**
 * Returns the issue's message. zod's default wording is replaced by a plain clause about
 * the value, such as "must be at most 60" or "is missing".
 */
export function issueMessage(issue: Issue): string {
  if (!STOCK_MESSAGE.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'too_big':
      return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${issue.maximum}${unitOf(issue.origin)}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${issue.minimum}${unitOf(issue.origin)}`;
    case 'invalid_type':
      if (issue.input === undefined) return 'is missing';
      return `must be ${article(issue.expected)} ${issue.expected}`;
    case 'invalid_format':
      return formatMessage(issue.format);
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'unrecognized_keys':
      return `has unknown fields ${issue.keys.join(', ')}; remove them`;
    default:
      return issue.message;
  }
}

function unitOf(origin: string): string {
  if (origin === 'string') return ' characters';
  if (origin === 'array' || origin === 'set') return ' items';
  return '';
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

function formatMessage(format: string): string {
  switch (format) {
    case 'datetime':
      return 'must be an ISO 8601 date and time, such as 2026-12-04T09:30:00Z';
    case 'date':
      return 'must be a date such as 2026-12-04';
    case 'uuid':
    case 'guid':
      return 'must be a UUID';
    case 'email':
      return 'must be an email address';
    case 'url':
      return 'must be a URL such as https://example.com/path';
    default:
      return `must be a valid ${format}`;
  }
}
