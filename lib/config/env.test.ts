import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { DEFAULT_SECRET_URL_PARAMS } from "../privacy/redact-url-secrets";
import { DEV_DEFAULTS, parseServerEnv } from "./env";

const production = {
  NODE_ENV: "production",
  AUTH_SECRET: "a-real-production-secret-of-enough-length-0123",
  DEMO_USER_EMAIL: "owner@acme.test",
  DEMO_USER_PASSWORD: "a-strong-password",
  POSTHOG_WEBHOOK_SECRET: "whsec-production-0123456789",
};

describe("parseServerEnv", () => {
  it("runs with no configuration at all in development, on documented defaults", () => {
    const env = parseServerEnv({});
    expect(env.isProduction).toBe(false);
    expect(env.demoUser).toEqual({ email: DEV_DEFAULTS.DEMO_USER_EMAIL, password: DEV_DEFAULTS.DEMO_USER_PASSWORD });
    expect(env.webhookSecrets).toEqual([DEV_DEFAULTS.POSTHOG_WEBHOOK_SECRET]);
    expect(env.posthog.key).toBeNull();
    expect(env.webhookMaxBodyBytes).toBe(1024 * 1024);
  });

  it("accepts a complete production configuration, with secrets being rotated", () => {
    const env = parseServerEnv({ ...production, POSTHOG_WEBHOOK_SECRET: "whsec-new-0123456789, whsec-old-0123456789" });
    expect(env.webhookSecrets).toEqual(["whsec-new-0123456789", "whsec-old-0123456789"]);
  });

  it.each(["AUTH_SECRET", "DEMO_USER_EMAIL", "DEMO_USER_PASSWORD"] as const)(
    "refuses to start in production without %s, naming it",
    (name) => {
      const source: Record<string, string | undefined> = { ...production, [name]: undefined };
      expect(() => parseServerEnv(source)).toThrow(new RegExp(`${name}: is required in production`));
    },
  );

  it.each(Object.keys(DEV_DEFAULTS) as (keyof typeof DEV_DEFAULTS)[])(
    "refuses the public development default of %s in production",
    (name) => {
      expect(() => parseServerEnv({ ...production, [name]: DEV_DEFAULTS[name] })).toThrow(
        new RegExp(`${name}: is the public development default`),
      );
    },
  );

  it("allows production without a webhook secret (the webhook then answers 503)", () => {
    expect(parseServerEnv({ ...production, POSTHOG_WEBHOOK_SECRET: undefined }).webhookSecrets).toEqual([]);
  });

  it("names malformed variables", () => {
    expect(() => parseServerEnv({ POSTHOG_KEY: "not-a-key" })).toThrow(/POSTHOG_KEY: must be a PostHog project API key/);
    expect(() => parseServerEnv({ WEBHOOK_MAX_BODY_BYTES: "-1" })).toThrow(/WEBHOOK_MAX_BODY_BYTES/);
    expect(() => parseServerEnv({ AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET: must be at least 32 characters/);
  });

  describe("store backend", () => {
    const vercel = { ...production, VERCEL: "1", VERCEL_ENV: "production" };

    it("uses memory when no Redis is configured, with the documented defaults", () => {
      const { store } = parseServerEnv({});
      expect(store).toEqual({ maxSessions: 10_000, maxActionsPerSession: 500, sessionTtlSeconds: 604_800, feedRetention: 10_000, feedRetentionSeconds: 86_400, redis: null });
    });

    it("uses Redis from REDIS_URL, or else from Vercel's KV_URL", () => {
      expect(parseServerEnv({ REDIS_URL: "redis://localhost:6379" }).store.redis).toEqual({
        url: "redis://localhost:6379",
        keyPrefix: "autoplay:",
      });
      expect(parseServerEnv({ KV_URL: "rediss://default:token@kv.example.com:6379" }).store.redis?.url).toBe(
        "rediss://default:token@kv.example.com:6379",
      );
      const both = parseServerEnv({ REDIS_URL: "redis://primary:6379", KV_URL: "rediss://kv:6379" });
      expect(both.store.redis?.url).toBe("redis://primary:6379");
    });

    it("reads the key prefix and the session TTL", () => {
      const { store } = parseServerEnv({ REDIS_URL: "redis://localhost:6379", REDIS_KEY_PREFIX: "acme:", STORE_SESSION_TTL_SECONDS: "3600" });
      expect(store.redis?.keyPrefix).toBe("acme:");
      expect(store.sessionTtlSeconds).toBe(3600);
      expect(() => parseServerEnv({ REDIS_KEY_PREFIX: "acme{1}:" })).toThrow(/REDIS_KEY_PREFIX: must not contain \{ or \}/);
    });

    it("refuses to start on Vercel without Redis, saying how to add it", () => {
      expect(() => parseServerEnv(vercel)).toThrow(/REDIS_URL: is required on Vercel.*Vercel Marketplace/);
      expect(parseServerEnv({ ...vercel, KV_URL: "rediss://default:token@kv.example.com:6379" }).store.redis).not.toBeNull();
      expect(parseServerEnv({ ...vercel, VERCEL_ENV: "development" }).store.redis).toBeNull();
    });

    it("reads the feed's retention, by number and by age, with defaults that cover a reconnect", () => {
      expect(parseServerEnv({}).store).toMatchObject({ feedRetention: 10_000, feedRetentionSeconds: 86_400 });
      expect(parseServerEnv({ FEED_MAX_ENTRIES: "500", FEED_RETENTION_SECONDS: "3600" }).store).toMatchObject({
        feedRetention: 500,
        feedRetentionSeconds: 3600,
      });
      expect(() => parseServerEnv({ FEED_RETENTION_SECONDS: "5" })).toThrow(/FEED_RETENTION_SECONDS: must be at least 60/);
      expect(() => parseServerEnv({ FEED_MAX_ENTRIES: "0" })).toThrow(/FEED_MAX_ENTRIES/);
    });

    it("names a malformed Redis URL", () => {
      expect(() => parseServerEnv({ REDIS_URL: "localhost:6379" })).toThrow(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
      expect(() => parseServerEnv({ STORE_SESSION_TTL_SECONDS: "0" })).toThrow(/STORE_SESSION_TTL_SECONDS/);
    });
  });

  it("redacts the default secret URL parameters unless a list is configured, and refuses a list with no name", () => {
    expect(parseServerEnv({}).secretUrlParams).toEqual(DEFAULT_SECRET_URL_PARAMS);
    expect(parseServerEnv({ REDACT_URL_PARAMS: "password, invite ,api_key" }).secretUrlParams).toEqual(["password", "invite", "api_key"]);
    expect(() => parseServerEnv({ REDACT_URL_PARAMS: " , " })).toThrow(/REDACT_URL_PARAMS: must list at least one parameter name/);
    expect(() => parseServerEnv({ REDACT_URL_PARAMS: "password,token=x" })).toThrow(/REDACT_URL_PARAMS.*query parameter name/);
  });

  it("checks that the documented default list is the one in effect", () => {
    const example = readFileSync(path.resolve(__dirname, "../../.env.example"), "utf8");
    const documented = /^REDACT_URL_PARAMS=(.*)$/m.exec(example)?.[1];
    expect(documented?.split(",")).toEqual(DEFAULT_SECRET_URL_PARAMS);
  });

  it("checks ALLOWED_DEV_ORIGINS is a list of hosts, naming it otherwise", () => {
    expect(() => parseServerEnv({ ALLOWED_DEV_ORIGINS: "myapp.test, *.ngrok-free.app, 192.168.1.20, [fd00::1]" })).not.toThrow();
    expect(() => parseServerEnv({ ALLOWED_DEV_ORIGINS: "http://myapp.test:3000" })).toThrow(/ALLOWED_DEV_ORIGINS.*without scheme or port/);
  });

  it("turns push delivery on with its URLs and secret, and refuses URLs without a secret or that are not http(s)", () => {
    expect(parseServerEnv({}).forward).toBeNull();
    const env = parseServerEnv({ AUTOPLAY_FORWARD_URLS: "https://a.example/hook, http://127.0.0.1:9/x", AUTOPLAY_FORWARD_SECRET: "push-secret-0123456789" });
    expect(env.forward).toEqual({ urls: ["https://a.example/hook", "http://127.0.0.1:9/x"], secret: "push-secret-0123456789", leaseSeconds: 30 });
    expect(() => parseServerEnv({ AUTOPLAY_FORWARD_URLS: "https://a.example/hook" })).toThrow(/AUTOPLAY_FORWARD_SECRET: is required/);
    expect(() => parseServerEnv({ AUTOPLAY_FORWARD_URLS: "ftp://a.example", AUTOPLAY_FORWARD_SECRET: "push-secret-0123456789" })).toThrow(
      /AUTOPLAY_FORWARD_URLS.*http:\/\/ or https:\/\//,
    );
  });
});
