/** A secret value a run received, masked wherever it appears in the run's output. */
export interface NamedSecret {
  name: string;
  value: string;
}

/** Replaces known secret values and common credential formats in a piece of output. */
export type Masker = (text: string) => string;

export const MASK = '[masked]';

// Secrets shorter than this are not searched for: masking every occurrence of a two-letter
// value would wreck the output without hiding anything. Runbook secrets are at least 8
// characters long when they are set.
const MIN_MASKED_SECRET_LENGTH = 4;

/**
 * Credential formats masked in every run's output, whether or not the run received them.
 * Each pattern keeps the label before the credential and replaces only the credential, so
 * the output stays readable. Applying the patterns twice changes nothing.
 */
const CREDENTIAL_PATTERNS: Array<[RegExp, string]> = [
  // PEM private keys of any kind, up to their END line or the end of the text.
  [
    /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
    '[masked private key]',
  ],
  // Passwords in URLs: scheme://user:password@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:)[^\s@/]+@/gi, `$1${MASK}@`],
  // Authorization header values.
  [/\b(bearer|basic)(\s+)[A-Za-z0-9._~+/-]+=*/gi, `$1$2${MASK}`],
  // AWS access key ids and, in assignments, secret access keys.
  [/\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g, MASK],
  [/(aws_?secret_?access_?key["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{40}/gi, `$1${MASK}`],
  // GitHub tokens (classic and fine-grained).
  [/\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g, MASK],
  // Slack tokens and incoming-webhook URLs.
  [/\bx(?:ox[abposre]|app)-[A-Za-z0-9-]{10,}/g, MASK],
  [/https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]+/g, MASK],
  // Google API keys, Stripe secret keys, JSON Web Tokens.
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, MASK],
  [/\b[rs]k_(?:live|test)_[0-9A-Za-z]{16,}\b/g, MASK],
  [/\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, MASK],
  // Assignments such as password=..., "api_key": "...", client_secret: ...
  [
    /\b(password|passwd|pwd|secret|client[_-]?secret|api[_-]?key|access[_-]?token|auth[_-]?token|refresh[_-]?token|private[_-]?key)(["']?\s*[:=]\s*["']?)[^\s"',;&]{3,}/gi,
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

  return (text) => {
    let masked = text;
    for (const needle of needles) {
      if (masked.includes(needle.text)) masked = masked.split(needle.text).join(needle.replacement);
    }
    for (const [pattern, replacement] of CREDENTIAL_PATTERNS) {
      masked = masked.replace(pattern, replacement);
    }
    return masked;
  };
}

/** Masks every string (keys included) inside a JSON value and returns the masked copy. */
export function maskJson(value: unknown, mask: Masker): unknown {
  if (typeof value === 'string') return mask(value);
  if (Array.isArray(value)) return value.map((item) => maskJson(item, mask));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [mask(key), maskJson(item, mask)]),
    );
  }
  return value;
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
