// Web Crypto only, so the partner middleware runs on edge runtimes as well as on Node.

/** SHA-256 of a token in lowercase hex, the form in which partner credentials are stored. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Generates a token of a kind prefix and 32 random bytes in base64url, like the server's tokens. */
export function randomToken(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const base64 = btoa(String.fromCharCode(...bytes));
  const base64url = base64.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
  return `${prefix}_${base64url}`;
}
