/** Marks the error across copies of this module (see hasInstance). */
const BRAND = Symbol.for("autoplay.StoreUnavailableError");

/**
 * The store could not be reached or did not answer in time. Callers turn it into a retryable answer (the
 * webhook: 503 with Retry-After, which PostHog retries; read routes and pages: 503 or a "retrying" state),
 * never into a 200 for data that was not stored.
 */
export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
  readonly [BRAND] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  /**
   * Next.js bundles route handlers and pages separately, so this module can exist twice in one process while
   * the store (kept on globalThis) is shared: `instanceof` must recognise an error thrown by either copy.
   * Subclasses keep the ordinary prototype check.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    if (this !== StoreUnavailableError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}
