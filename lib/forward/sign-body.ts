import { createHmac } from "node:crypto";

/** `X-Connector-Signature`'s value: `sha256=` and the hex HMAC-SHA256 of the raw body (CONTRACT §4). */
export function connectorSignature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}
