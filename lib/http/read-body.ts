import { ApiError } from "./api-error";

export const tooLarge = (limit: number) =>
  new ApiError(
    413,
    "body_too_large",
    `The request body is larger than the ${limit}-byte limit.`,
    "Send fewer events per delivery, or raise WEBHOOK_MAX_BODY_BYTES on the receiving app.",
  );

/**
 * Reads a body's bytes, refusing it (413) as soon as it passes `limit` bytes: by the declared
 * Content-Length before reading anything, and by counting while reading for bodies that under-declare or
 * stream without one. Never buffers more than the limit.
 */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array> {
  const header = request.headers.get("content-length");
  const declared = header !== null && /^\d+$/.test(header) ? Number(header) : null;
  if (declared !== null && declared > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array();
  if (declared !== null) {
    // HTTP framing holds the body to its declared length, which is within the limit: read it in one go,
    // much cheaper than pulling chunks through the web stream one by one.
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > limit) throw tooLarge(limit);
    return bytes;
  }

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The body as UTF-8 text whatever its Content-Type says, within `limit` bytes. */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  return decodeUtf8(await readBodyBytes(request, limit));
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Strict UTF-8: a body with broken sequences is refused, not silently patched with U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new ApiError(400, "invalid_utf8", "The request body is not valid UTF-8.", "Send the JSON body encoded as UTF-8.");
  }
}
