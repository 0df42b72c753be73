import type { EventEmitter } from "node:events";
import { createClient, ErrorReply, TimeoutError } from "redis";
import { StoreUnavailableError } from "../store-unavailable-error";

export type RedisClient = ReturnType<typeof createRedisClient>;

const RECONNECT_MAX_DELAY_MS = 2_000;
/** Replies that mean "not now" rather than "your command is wrong". */
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN|OOM|NOREPLICAS)\b/;

/**
 * A connection that fails fast while Redis is away and heals by itself when it is back: commands are
 * refused instead of queued while disconnected (a webhook must answer 503 promptly, not hang), every
 * command has a deadline, and reconnection retries forever with capped, jittered backoff.
 */
export function createRedisClient(url: string, options: { name: string; commandTimeoutMs: number }) {
  const client = createClient({
    url,
    // RESP2: what every hosted Redis speaks (some stop at 6.2); nothing here needs RESP3.
    RESP: 2,
    // CLIENT SETNAME refuses spaces; a name shows which app a connection belongs to in CLIENT LIST.
    name: options.name.replace(/[^\x21-\x7e]/g, "_"),
    disableOfflineQueue: true,
    commandOptions: { timeout: options.commandTimeoutMs },
    socket: {
      connectTimeout: Math.max(options.commandTimeoutMs, 2_000),
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, RECONNECT_MAX_DELAY_MS) + Math.floor(Math.random() * 100),
    },
  });
  watchHealth(client, options.name);
  // connect() settles only once connected (or when destroyed); callers wait through waitUntilReady instead.
  client.connect().catch(() => {});
  return client;
}

/** Without an 'error' listener, a lost connection would crash the process. One warning per outage. */
function watchHealth(client: EventEmitter, name: string): void {
  let healthy = true;
  client.on("error", (error: unknown) => {
    if (!healthy) return;
    healthy = false;
    console.warn(`[${name}] Redis connection lost; reconnecting:`, error instanceof Error ? error.message : error);
  });
  client.on("ready", () => {
    if (!healthy) console.warn(`[${name}] Redis connection restored`);
    healthy = true;
  });
}

/** Waits for the connection at most `timeoutMs`: the first command of a cold process, or a short blip. */
export async function waitUntilReady(client: RedisClient, timeoutMs: number): Promise<void> {
  if (client.isReady) return;
  if (!client.isOpen) throw new StoreUnavailableError("The Redis client is closed.");
  await new Promise<void>((resolve, reject) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      client.off("ready", onReady);
      reject(new StoreUnavailableError(`Redis is not reachable (no connection within ${timeoutMs} ms).`));
    }, timeoutMs);
    client.once("ready", onReady);
  });
}

/** Thrown by withDeadline. */
export class DeadlineError extends StoreUnavailableError {
  override name = "DeadlineError";
}

/**
 * Bounds a command's total time. node-redis's own `timeout` stops counting once a command is written, so a
 * frozen server or a half-open connection (no FIN ever arrives) would otherwise hang the caller forever.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`Redis did not answer within ${ms} ms.`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * No answer in time: the connection may be half-open, so callers replace it rather than queue more commands
 * behind the silent ones.
 */
export function isTimeout(error: unknown): boolean {
  return error instanceof DeadlineError || error instanceof TimeoutError;
}

/** Connection trouble and timeouts become StoreUnavailableError (retryable); a rejected command stays a bug. */
export function toStoreError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError) return error;
  if (error instanceof ErrorReply && !TRANSIENT_REPLY.test(error.message)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StoreUnavailableError(`Redis did not answer: ${reason}`, { cause: error });
}
