/** A secret value a run received, masked wherever it appears in the run's output. */
export interface NamedSecret {
  name: string;
  value: string;
}

/**
 * Replaces known secret values and common credential formats in a piece of output. `reach` is
 * the longest text one replacement can cover, in UTF-16 code units: a secret cut off part way
 * lies within the last `reach` characters of the cut text.
 */
export interface Masker {
  (text: string): string;
  readonly reach: number;
}

export const MASK = '[masked]';

/** Marker that replaces a JSON value nested deeper than MAX_MASKED_JSON_DEPTH. */
export const TOO_DEEP = '[masked: nested too deep]';

/** Arrays and objects below this depth are replaced by TOO_DEEP instead of being masked. */
export const MAX_MASKED_JSON_DEPTH = 32;

// Secrets shorter than this are not searched for: masking every occurrence of a two-letter
// value would wreck the output without hiding anything. Runbook secrets are at least 8
// characters long when they are set.
const MIN_MASKED_SECRET_LENGTH = 4;

// Maximum length of text a credential pattern needs before it can match, in characters. It
// covers the bounded patterns below, such as a URL with a 32-character scheme and a
// 1024-character user and password, or a 255-character GitHub token, with room to spare.
const PATTERN_REACH = 4096;

/**
 * Credential formats masked in every run's output, whether or not the run received them.
 * Each pattern keeps the label before the credential and replaces only the credential, so
 * the output stays readable. Applying the patterns twice changes nothing.
 *
 * Output comes from scripts, so every pattern must stay linear in the length of the text.
 * A repeated part that must be followed by something else is bounded. A pattern that starts
 * with a run of characters may only start where that run starts (the lookbehinds), so no
 * position is scanned again from each of the positions before it.
 */
const CREDENTIAL_PATTERNS: Array<[RegExp, string]> = [
  // PEM private keys of any kind, up to their END line or the end of the text.
  [
    /-----BEGIN [A-Z0-9 ]{0,64}PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,64}PRIVATE KEY-----|$)/g,
    '[masked private key]',
  ],
  // Passwords in URLs: scheme://user:password@host. NOTE: a user or password longer than
  // 1024 characters is not masked.
  [
    /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,31}:\/\/[^\s:@/]{1,1024}:)[^\s@/]{1,1024}@/gi,
    `$1${MASK}@`,
  ],
  // Authorization header values.
  [/\b(bearer|basic)(\s{1,16})[A-Za-z0-9._~+/-]+=*/gi, `$1$2${MASK}`],
  // AWS access key ids and, in assignments, secret access keys.
  [/\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g, MASK],
  [/(aws_?secret_?access_?key["']?\s{0,16}[:=]\s{0,16}["']?)[A-Za-z0-9/+=]{40}/gi, `$1${MASK}`],
  // GitHub tokens (classic and fine-grained).
  [/\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g, MASK],
  // Slack tokens and incoming-webhook URLs.
  [/\bx(?:ox[abposre]|app)-[A-Za-z0-9-]{10,}/g, MASK],
  [/https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]+/g, MASK],
  // Google API keys, Stripe secret keys, JSON Web Tokens.
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, MASK],
  [/\b[rs]k_(?:live|test)_[0-9A-Za-z]{16,}\b/g, MASK],
  [/(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, MASK],
  // Assignments such as password=..., "api_key": "...", client_secret: ...
  [
    /\b(password|passwd|pwd|secret|client[_-]?secret|api[_-]?key|access[_-]?token|auth[_-]?token|refresh[_-]?token|private[_-]?key)(["']?\s{0,16}[:=]\s{0,16}["']?)[^\s"',;&]{3,}/gi,
    `$1$2${MASK}`,
  ],
];

/**
 * Creates a masker for one run. Each secret is searched for as written and in the encodings a
 * script is most likely to produce by accident (URL-encoded, JSON-escaped, base64, base64url).
 *
 * NOTE: a script that sets out to leak a secret (reversing it, splitting it across log lines,
 * any other encoding) gets past this. Masking guards against accidents; approval of the
 * script by a platform admin guards against intent.
 */
export function createMasker(secrets: readonly NamedSecret[]): Masker {
  const needles: Array<{ text: string; replacement: string }> = [];
  for (const secret of secrets) {
    if (secret.value.length < MIN_MASKED_SECRET_LENGTH) continue;
    const replacement = `[masked:${secret.name}]`;
    for (const text of encodingsOf(secret.value)) {
      needles.push({ text, replacement });
    }
  }
  // Longest first, so a secret that contains another is replaced whole.
  needles.sort((a, b) => b.text.length - a.text.length);

  const mask = (text: string): string => {
    let masked = text;
    for (const needle of needles) {
      if (masked.includes(needle.text)) masked = masked.split(needle.text).join(needle.replacement);
    }
    for (const [pattern, replacement] of CREDENTIAL_PATTERNS) {
      masked = masked.replace(pattern, replacement);
    }
    return masked;
  };
  return Object.assign(mask, { reach: Math.max(PATTERN_REACH, needles[0]?.text.length ?? 0) });
}

/**
 * Masks at most the first `maxCharacters` of `text`, so the work is bounded however long the
 * text is. `truncated` is true when text was dropped: then only the masked form of a prefix
 * is returned, never more than `maxCharacters` long.
 *
 * A cut can split a secret so that its start no longer matches. The text is therefore masked
 * `mask.reach` characters past the limit, and those last `mask.reach` characters of the
 * masked text are dropped, because an unmatched piece of a split secret can only lie there.
 */
export function maskHead(
  text: string,
  maxCharacters: number,
  mask: Masker,
): { text: string; truncated: boolean } {
  const limit = Math.max(0, maxCharacters);
  if (text.length <= limit + mask.reach) return { text: mask(text), truncated: false };

  const masked = mask(text.slice(0, limit + mask.reach));
  const keptLength = Math.min(limit, Math.max(0, masked.length - mask.reach));
  return { text: masked.slice(0, keptLength), truncated: true };
}

/**
 * Masks every string (keys included) inside a JSON value and returns the masked copy. Arrays
 * and objects nested deeper than MAX_MASKED_JSON_DEPTH are replaced by TOO_DEEP, so a
 * deeply nested value cannot exhaust the stack.
 */
export function maskJson(value: unknown, mask: Masker, depth = 0): unknown {
  if (typeof value === 'string') return mask(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_MASKED_JSON_DEPTH) return TOO_DEEP;

  if (Array.isArray(value)) return value.map((item) => maskJson(item, mask, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [mask(key), maskJson(item, mask, depth + 1)]),
  );
}

function encodingsOf(value: string): Set<string> {
  const utf8 = Buffer.from(value, 'utf8');
  const variants = new Set([
    value,
    encodeURIComponent(value),
    JSON.stringify(value).slice(1, -1),
    utf8.toString('base64'),
    utf8.toString('base64').replace(/=+$/, ''),
    utf8.toString('base64url'),
  ]);
  for (const variant of variants) {
    if (variant.length < MIN_MASKED_SECRET_LENGTH) variants.delete(variant);
  }
  return variants;
}
