import autocannon from "autocannon";

export type LoadResult = {
  /** Requests answered per second, on average over the measurement. */
  rate: number;
  p50: number;
  p99: number;
  requests: number;
  /** Answers that were not 2xx, and connection errors or timeouts: any of them spoils the figure. */
  failures: number;
  /** Seconds the run lasted. */
  seconds: number;
  /** Every answer's response time in ms, so that runs can be merged into one distribution. */
  responseTimes: number[];
};

export type LoadOptions = {
  url: string;
  headers?: Record<string, string>;
  /** A fresh body per request. */
  body: () => string;
  seconds: number;
  connections?: number;
};

/** One closed-loop run of `seconds`, no warm-up. 127.0.0.1 only. */
export function loadFor(options: LoadOptions, seconds: number): Promise<LoadResult> {
  if (!/^http:\/\/127\.0\.0\.1:/.test(options.url)) throw new Error(`load goes to 127.0.0.1 only, not ${options.url}`);
  const responseTimes: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections ?? 50,
        duration: seconds,
        timeout: 10,
        requests: [
          {
            method: "POST",
            headers: { "content-type": "application/json", ...options.headers },
            setupRequest: (request) => ({ ...request, body: options.body() }),
          },
        ],
      },
      (error, result) => {
        if (error) reject(error);
        else
          resolve({
            rate: result.requests.average,
            p50: result.latency.p50,
            p99: result.latency.p99,
            requests: result.requests.total,
            failures: result.non2xx + result.errors + result.timeouts,
            seconds: result.duration,
            responseTimes,
          });
      },
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => responseTimes.push(responseTime));
  });
}

/**
 * Closed-loop load with autocannon: a warm-up (JIT, connection set-up, caches) that is thrown away, then the
 * measurement. 127.0.0.1 only.
 */
export async function measure(options: LoadOptions): Promise<LoadResult> {
  await loadFor(options, Math.max(1, Math.min(3, Math.round(options.seconds / 3))));
  return loadFor(options, options.seconds);
}
