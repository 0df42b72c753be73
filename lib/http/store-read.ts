import { StoreUnavailableError } from "../store/store-unavailable-error";
import { ApiError } from "./api-error";

/** Seconds a client waits before asking again while the store is away. */
export const STORE_RETRY_AFTER_SECONDS = 2;

export const storeUnavailable = () =>
  new ApiError(
    503,
    "store_unavailable",
    "The activity store is unavailable right now (it did not answer in time).",
    `Retry after ${STORE_RETRY_AFTER_SECONDS} seconds (the Retry-After header); nothing is lost meanwhile.`,
    undefined,
    { "retry-after": String(STORE_RETRY_AFTER_SECONDS) },
  );

/**
 * Runs a route's handler: an ApiError it throws (a 400, a 404, a 409) answers as itself, and a store outage or
 * deadline answers 503 with Retry-After and the JSON error shape, like the webhook does, never a 500. Anything
 * else is a bug and stays one.
 */
export async function answerReading(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof ApiError) return error.toResponse();
    if (error instanceof StoreUnavailableError) return storeUnavailable().toResponse();
    throw error;
  }
}
