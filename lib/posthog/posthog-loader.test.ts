import type { PostHog } from "posthog-js";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { PosthogBrowserConfig } from "./browser-config";
import { createPosthogLoader } from "./posthog-loader";

const config: PosthogBrowserConfig = {
  key: "phc_local_standin",
  apiHost: "/standin",
  uiHost: "https://us.posthog.com",
  productId: "acme-web",
  user: null,
  secretUrlParams: ["password"],
};
const ORIGIN = "http://localhost:3000";

/** A stand-in for posthog-js that records calls in order; like the real one, it ignores identify before init. */
function fakePosthog() {
  const calls: string[] = [];
  const ph = {
    __loaded: false,
    init: vi.fn((key: string, options: { api_host: string; loaded?: (ph: unknown) => void }) => {
      calls.push(`init ${key} ${options.api_host}`);
      ph.__loaded = true;
      options.loaded?.(ph);
    }),
    get_distinct_id: () => "device-1",
    identify: (id: string, props: Record<string, unknown>) => {
      if (ph.__loaded) calls.push(`identify ${id} ${JSON.stringify(props)}`);
    },
    reset: () => calls.push("reset"),
  };
  return { ph: ph as unknown as PostHog, calls, init: ph.init };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("createPosthogLoader", () => {
  it("imports nothing until asked", () => {
    const importPosthog = vi.fn(async () => ({ default: fakePosthog().ph }));
    createPosthogLoader(importPosthog);
    expect(importPosthog).not.toHaveBeenCalled();
  });

  it("loads nothing when only configured (an untracked page), and inits with those settings when work needs it", async () => {
    const { ph, calls } = fakePosthog();
    const importPosthog = vi.fn(async () => ({ default: ph }));
    const loader = createPosthogLoader(importPosthog);
    loader.configure(config, ORIGIN);
    await Promise.resolve();
    expect(importPosthog).not.toHaveBeenCalled();

    await loader.whenReady((posthog) => posthog.reset());
    expect(calls).toEqual(["init phc_local_standin http://localhost:3000/standin", 'identify device-1 {"product_id":"acme-web"}', "reset"]);
  });

  it("imports once and inits once with the integration's options, however often it is started", async () => {
    const { ph, calls, init } = fakePosthog();
    const importPosthog = vi.fn(async () => ({ default: ph }));
    const loader = createPosthogLoader(importPosthog);
    const [a, b] = await Promise.all([loader.start(config, ORIGIN), loader.start({ ...config, key: "phc_other" }, ORIGIN)]);
    await loader.load();
    expect(a).toBe(ph);
    expect(b).toBe(ph);
    expect(importPosthog).toHaveBeenCalledTimes(1);
    expect(init).toHaveBeenCalledTimes(1);
    expect(init.mock.calls[0]![1]).toMatchObject({ person_profiles: "identified_only", session_idle_timeout_seconds: 120 });
    // The relative stand-in path became absolute, and `loaded` identified the device with the product id.
    expect(calls).toEqual([
      "init phc_local_standin http://localhost:3000/standin",
      'identify device-1 {"product_id":"acme-web"}',
    ]);
  });

  it("does not init a posthog-js that is already loaded", async () => {
    const { ph, init } = fakePosthog();
    (ph as unknown as { __loaded: boolean }).__loaded = true;
    const loader = createPosthogLoader(async () => ({ default: ph }));
    await loader.start(config, ORIGIN);
    expect(init).not.toHaveBeenCalled();
  });

  it("hands work queued before start to posthog-js only after init", async () => {
    const { ph, calls } = fakePosthog();
    const loader = createPosthogLoader(async () => ({ default: ph }));
    const identified = loader.whenReady((posthog) => posthog.identify("user_1", { email: "a@example.com" }));
    await Promise.resolve();
    expect(calls).toEqual([]);
    loader.start(config, ORIGIN);
    await identified;
    expect(calls).toEqual([
      "init phc_local_standin http://localhost:3000/standin",
      'identify device-1 {"product_id":"acme-web"}',
      'identify user_1 {"email":"a@example.com"}',
    ]);
  });

  it("runs work in the same task once posthog-js is initialised, and not before", async () => {
    const { ph, calls } = fakePosthog();
    const loader = createPosthogLoader(async () => ({ default: ph }));
    expect(loader.runNow((posthog) => posthog.reset())).toBe(false);
    await loader.start(config, ORIGIN);
    calls.length = 0;
    expect(loader.runNow((posthog) => posthog.identify("user_1", {}))).toBe(true);
    expect(calls).toEqual(["identify user_1 {}"]);
  });

  it("never rejects when posthog-js fails to load, and tries again on the next call", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const { ph, calls } = fakePosthog();
    const importPosthog = vi
      .fn<() => Promise<{ default: PostHog }>>()
      .mockRejectedValueOnce(new TypeError("Failed to fetch dynamically imported module"))
      .mockResolvedValue({ default: ph });
    const loader = createPosthogLoader(importPosthog);
    await expect(loader.start(config, ORIGIN)).rejects.toThrow("Failed to fetch");
    const use = vi.fn();
    await expect(loader.whenReady(use)).resolves.toBeUndefined();
    expect(importPosthog).toHaveBeenCalledTimes(2);
    expect(use).toHaveBeenCalledWith(ph);
    expect(calls[0]).toBe("init phc_local_standin http://localhost:3000/standin");
  });

  it("swallows an error thrown by the work itself", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const loader = createPosthogLoader(async () => ({ default: fakePosthog().ph }));
    loader.start(config, ORIGIN);
    await expect(
      loader.whenReady(() => {
        throw new Error("boom");
      }),
    ).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalled();
  });

  it("stops waiting after waitMs, and still runs the work when posthog-js arrives", async () => {
    vi.useFakeTimers();
    const { ph, calls } = fakePosthog();
    const slow = deferred<{ default: PostHog }>();
    const loader = createPosthogLoader(() => slow.promise);
    loader.start(config, ORIGIN);
    let settled = false;
    const waited = loader.whenReady((posthog) => posthog.reset(), { waitMs: 3_000 }).then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(2_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waited;
    expect(calls).toEqual([]);
    slow.resolve({ default: ph });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.at(-1)).toBe("reset");
  });
});
