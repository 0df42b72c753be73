/**
 * The store could not be reached or did not answer in time. Callers turn it into a retryable answer (the
 * webhook: 503 with Retry-After, which PostHog retries), never into a 200 for data that was not stored.
 */
export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
