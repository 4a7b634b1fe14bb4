/** Serializes a Set-Cookie value: httpOnly, SameSite=Lax, Path=/, Secure over HTTPS. */
export function serializeCookie(
  name: string,
  value: string,
  options: { expires: Date; secure: boolean },
): string {
  const parts = [
    `${name}=${value}`,
    'Path=/',
    `Expires=${options.expires.toUTCString()}`,
    'HttpOnly',
    // Lax keeps the cookie off cross-site subrequests and form posts; the server also
    // checks Origin on state-changing requests.
    'SameSite=Lax',
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) {
      return part.slice(separator + 1).trim();
    }
  }
  return null;
}
