/**
 * Reads a request body up to `limitBytes`. A larger body is not buffered: reading stops
 * at the limit and `tooLarge` is set, so an oversized upload costs at most the limit.
 */
export async function readBodyWithLimit(
  request: Request,
  limitBytes: number,
): Promise<{ bytes: Uint8Array; tooLarge: boolean }> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limitBytes) {
    return { bytes: new Uint8Array(0), tooLarge: true };
  }
  if (!request.body) {
    return { bytes: new Uint8Array(0), tooLarge: false };
  }

  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel();
      return { bytes: new Uint8Array(0), tooLarge: true };
    }
    chunks.push(value);
  }

  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes, tooLarge: false };
}
