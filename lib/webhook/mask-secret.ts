/** Shows enough of a secret to tell which one it is, never enough to use it. */
export function maskSecret(secret: string): string {
  if (secret.length <= 8) return "•".repeat(secret.length);
  return `${secret.slice(0, 4)}${"•".repeat(Math.min(12, secret.length - 6))}${secret.slice(-2)}`;
}
