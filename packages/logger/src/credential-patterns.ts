/**
 * Credential formats masked inside any string of a log line: messages, error messages and
 * stack traces, bindings and values under keys that `REDACTED_PATHS` does not name. Each
 * pattern matches only the secret part, so the text around it stays readable.
 *
 * The patterns run over the serialized JSON line, where quotes inside values are escaped,
 * so every character class below excludes `"` and `\` to stay inside one JSON string.
 */
export const CREDENTIAL_PATTERNS: ReadonlyArray<{
  name: string;
  pattern: RegExp;
  replace: string;
}> = [
  // PageFree tokens: pfs_ sessions, pfk_ API keys, pfsig_ signing secrets, pfc_/pfu_ status
  // subscriber links, and any later pf<kind>_ token made by generateToken.
  { name: 'pagefree-token', pattern: /\bpf[a-z]{1,6}_[A-Za-z0-9_-]{20,}/g, replace: '[redacted]' },
  // The session cookie, whatever its value looks like.
  { name: 'session-cookie', pattern: /\bpf_session=[^;\s"\\]+/g, replace: 'pf_session=[redacted]' },
  // Integration keys travel in the ingestion URL path.
  {
    name: 'integration-path',
    pattern: /\/integrations\/[^/\s"\\?#]+/gi,
    replace: '/integrations/[key]',
  },
  // HTTP authorization schemes (RFC 9110 section 11), in headers copied into messages.
  {
    name: 'authorization-scheme',
    pattern: /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
    replace: '$1 [redacted]',
  },
  // JSON Web Tokens: three base64url parts, the first an encoded '{"'.
  {
    name: 'jwt',
    // Starting only where a base64url run starts keeps '-eyJ-eyJ-…' from being rescanned.
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
    replace: '[redacted]',
  },
  // Passwords in connection URLs: postgres://user:secret@host, redis://:secret@host.
  {
    name: 'url-password',
    // Bounded runs keep the scan linear on long lines such as 'a.a.a.…' with no '://'.
    pattern: /\b([a-z][a-z0-9+.-]{0,31}:\/\/[^/\s:@"\\]{0,1024}):[^@\s/"\\]{1,1024}@/gi,
    replace: '$1:[redacted]@',
  },
  // Webhook signatures: PageFree's v1=<hex> and the common sha256=<hex>.
  { name: 'hmac-signature', pattern: /\b(v1|sha256)=[0-9a-f]{64}\b/gi, replace: '$1=[redacted]' },
  // PEM private keys; inside a JSON line their newlines are the two characters \n.
  {
    name: 'pem-private-key',
    // A 4096-bit RSA key is about 3,300 characters; the bound keeps many BEGIN lines linear.
    pattern:
      /-----BEGIN [A-Z ]{0,32}PRIVATE KEY-----.{0,16384}?-----END [A-Z ]{0,32}PRIVATE KEY-----/g,
    replace: '[redacted private key]',
  },
  // Provider formats that often end up in runbook errors and webhook URLs.
  { name: 'aws-access-key-id', pattern: /\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, replace: '[redacted]' },
  {
    name: 'github-token',
    pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g,
    replace: '[redacted]',
  },
  { name: 'slack-token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, replace: '[redacted]' },
  { name: 'stripe-key', pattern: /\b(sk|rk)_(live|test)_[A-Za-z0-9]{16,}/g, replace: '[redacted]' },
  { name: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g, replace: '[redacted]' },
];

/** Replaces every credential format of `CREDENTIAL_PATTERNS` in `text`. */
export function maskCredentials(text: string): string {
  let masked = text;
  for (const { pattern, replace } of CREDENTIAL_PATTERNS) {
    masked = masked.replace(pattern, replace);
  }
  return masked;
}
