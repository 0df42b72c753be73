import { z } from "zod";
import { DEFAULT_SECRET_URL_PARAMS } from "../privacy/redact-url-secrets";
import { DEFAULT_FEED_RETENTION, DEFAULT_FEED_RETENTION_SECONDS } from "../store/feed-retention";

/**
 * Every environment variable the server reads, validated once. Defaults make `npm run dev` work with no
 * setup; in production the unsafe defaults (demo password, dev secrets) are refused so a deploy cannot go
 * live with them by accident. Documented variable by variable in .env.example.
 */

export const DEV_DEFAULTS = {
  AUTH_SECRET: "dev-only-auth-secret-do-not-use-in-production",
  DEMO_USER_EMAIL: "demo@example.com",
  DEMO_USER_PASSWORD: "autoplay-demo",
  POSTHOG_WEBHOOK_SECRET: "dev-only-webhook-secret",
  AUTOPLAY_STREAM_TOKEN: "dev-only-agent-stream-token",
} as const;

const csv = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const blankAsUndefined = (value: unknown) => (value === "" ? undefined : value);
const redisUrl = z.preprocess(
  blankAsUndefined,
  z
    .string()
    .regex(/^rediss?:\/\/\S+$/, "must be a redis:// or rediss:// URL (copy it from your Redis provider)")
    .optional(),
);

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  AUTH_SECRET: z.preprocess(blankAsUndefined, z.string().min(32, "must be at least 32 characters").optional()),
  DEMO_USER_EMAIL: z.preprocess(blankAsUndefined, z.email().optional()),
  DEMO_USER_PASSWORD: z.preprocess(blankAsUndefined, z.string().min(8, "must be at least 8 characters").optional()),
  POSTHOG_KEY: z.preprocess(
    blankAsUndefined,
    z.string().startsWith("phc_", "must be a PostHog project API key (starts with phc_)").optional(),
  ),
  POSTHOG_HOST: z.preprocess(blankAsUndefined, z.url().default("https://us.i.posthog.com")),
  POSTHOG_UI_HOST: z.preprocess(blankAsUndefined, z.url().default("https://us.posthog.com")),
  POSTHOG_WEBHOOK_SECRET: z.preprocess(blankAsUndefined, csv.optional()),
  AUTOPLAY_PRODUCT_ID: z.preprocess(blankAsUndefined, z.string().min(1).max(200).default("acme-web")),
  WEBHOOK_MAX_BODY_BYTES: positiveInt(1024 * 1024),
  STORE_MAX_SESSIONS: positiveInt(10_000),
  STORE_MAX_ACTIONS_PER_SESSION: positiveInt(500),
  STORE_SESSION_TTL_SECONDS: positiveInt(7 * 24 * 3600),
  // The feed clients resume from, trimmed by whichever is hit first (the defaults are explained in
  // feed-retention.ts). At least a minute: a shorter window would reset clients on an ordinary reconnect.
  FEED_MAX_ENTRIES: positiveInt(DEFAULT_FEED_RETENTION),
  FEED_RETENTION_SECONDS: z.coerce.number().int().min(60, "must be at least 60 (a reconnect takes seconds)").default(DEFAULT_FEED_RETENTION_SECONDS),
  REDIS_URL: redisUrl,
  // What Vercel's Marketplace Redis integrations (and the former Vercel KV) set.
  KV_URL: redisUrl,
  // Keys are hash-tagged `{<prefix>}…` (one Redis Cluster slot per app): a brace inside would break the tag.
  REDIS_KEY_PREFIX: z.preprocess(
    blankAsUndefined,
    z.string().max(100).regex(/^[^{}]*$/, "must not contain { or }").default("autoplay:"),
  ),
  VERCEL: z.preprocess(blankAsUndefined, z.string().optional()),
  VERCEL_ENV: z.preprocess(blankAsUndefined, z.string().optional()),
  LOCAL_POSTHOG_WEBHOOK_URL: z.preprocess(blankAsUndefined, z.url().optional()),
  AUTOPLAY_STREAM_TOKEN: z.preprocess(
    blankAsUndefined,
    z.string().min(24, "must be at least 24 characters (e.g. openssl rand -hex 24)").optional(),
  ),
  // Read by next.config.js (lib/config/allowed-dev-origins.js) for `next dev`; checked here with the rest.
  ALLOWED_DEV_ORIGINS: z.preprocess(
    blankAsUndefined,
    csv
      .pipe(
        z.array(
          z
            .string()
            .regex(
              /^(\*{1,2}\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?$|^\[[0-9a-f:.]+\]$/i,
              "each entry must be a host name or address without scheme or port, e.g. myapp.test, *.ngrok-free.app or 192.168.1.20",
            ),
        ),
      )
      .optional(),
  ),
  REDACT_URL_PARAMS: z.preprocess(
    blankAsUndefined,
    csv
      .pipe(
        z
          .array(
            z
              .string()
              .max(100)
              .regex(/^[^=&;#?\s"'<>]*[A-Za-z0-9][^=&;#?\s"'<>]*$/, "each name must be a query parameter name such as password or api_key"),
          )
          .min(1, "must list at least one parameter name, e.g. password,token"),
      )
      .optional(),
  ),
  AUTOPLAY_FORWARD_URLS: z.preprocess(
    blankAsUndefined,
    csv
      .pipe(z.array(z.url({ protocol: /^https?$/, error: "each must be an http:// or https:// URL" })).max(10, "at most 10 URLs"))
      .optional(),
  ),
  AUTOPLAY_FORWARD_SECRET: z.preprocess(
    blankAsUndefined,
    z.string().min(16, "must be at least 16 characters (e.g. openssl rand -hex 24)").optional(),
  ),
  AUTOPLAY_FORWARD_LEASE_SECONDS: z.coerce.number().int().min(2).max(600).default(30),
  // Vercel sends it as `Authorization: Bearer <CRON_SECRET>` on every cron request.
  CRON_SECRET: z.preprocess(blankAsUndefined, z.string().min(16, "must be at least 16 characters").optional()),
});

export type ServerEnv = {
  isProduction: boolean;
  authSecret: string;
  demoUser: { email: string; password: string };
  posthog: {
    /** null: no real project configured, so the built-in local stand-in answers posthog-js. */
    key: string | null;
    host: string;
    uiHost: string;
  };
  /** Secrets accepted on the webhook; several while one is being rotated. Empty: not configured. */
  webhookSecrets: string[];
  productId: string;
  webhookMaxBodyBytes: number;
  store: {
    maxSessions: number;
    maxActionsPerSession: number;
    /** Redis only: a session untouched this long expires. */
    sessionTtlSeconds: number;
    /** The live feed's retention: entries kept at most, and for at most this long (whichever is hit first). */
    feedRetention: number;
    feedRetentionSeconds: number;
    /** null: the in-memory store, which only works while the app runs as a single process. */
    redis: { url: string; keyPrefix: string } | null;
  };
  localPosthogWebhookUrl: string | null;
  /** Bearer token agents use for /api/stream and the sessions API. null: agents have no access. */
  streamToken: string | null;
  /** Query parameters whose values are redacted from every URL before it is stored or shown. */
  secretUrlParams: readonly string[];
  /** Push delivery of every new batch of actions to these URLs, signed with the secret. null: off. */
  forward: { urls: string[]; secret: string; leaseSeconds: number } | null;
  /** What Vercel Cron sends as its bearer token; null: the cron route takes the agent token instead. */
  cronSecret: string | null;
};

export class EnvError extends Error {
  override name = "EnvError";
}

export function parseServerEnv(source: Record<string, string | undefined>): ServerEnv {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  const isProduction = env.NODE_ENV === "production";
  const problems: string[] = [];

  // In production a value must be set, and must not be one of the public development defaults.
  const required = <K extends keyof typeof DEV_DEFAULTS>(name: K, value: string | undefined): string => {
    if (!isProduction) return value ?? DEV_DEFAULTS[name];
    if (value === undefined) problems.push(`  ${name}: is required in production (see .env.example)`);
    else if (value === DEV_DEFAULTS[name]) problems.push(`  ${name}: is the public development default; set your own value`);
    return value ?? "";
  };

  const authSecret = required("AUTH_SECRET", env.AUTH_SECRET);
  const email = required("DEMO_USER_EMAIL", env.DEMO_USER_EMAIL);
  const password = required("DEMO_USER_PASSWORD", env.DEMO_USER_PASSWORD);

  let webhookSecrets = env.POSTHOG_WEBHOOK_SECRET ?? [];
  if (isProduction) {
    // Unset in production is allowed: the webhook then answers 503 "not configured" and stores nothing.
    if (webhookSecrets.includes(DEV_DEFAULTS.POSTHOG_WEBHOOK_SECRET)) {
      problems.push("  POSTHOG_WEBHOOK_SECRET: is the public development default; set your own value");
    }
    const short = webhookSecrets.some((secret) => secret.length < 16);
    if (short) problems.push("  POSTHOG_WEBHOOK_SECRET: each secret must be at least 16 characters");
  } else if (webhookSecrets.length === 0) {
    webhookSecrets = [DEV_DEFAULTS.POSTHOG_WEBHOOK_SECRET];
  }

  // Optional in production (unset: agents have no access), but never the public development default.
  let streamToken = env.AUTOPLAY_STREAM_TOKEN ?? null;
  if (isProduction && streamToken === DEV_DEFAULTS.AUTOPLAY_STREAM_TOKEN) {
    problems.push("  AUTOPLAY_STREAM_TOKEN: is the public development default; set your own value");
  } else if (!isProduction) {
    streamToken ??= DEV_DEFAULTS.AUTOPLAY_STREAM_TOKEN;
  }

  const redisUrlValue = env.REDIS_URL ?? env.KV_URL;
  // Vercel runs many instances that share no memory: with the memory store, a webhook stored by one is
  // invisible to the dashboard served by another. `vercel dev` and `vercel env pull` also set VERCEL, but
  // there a single process is fine.
  if (env.VERCEL && env.VERCEL_ENV !== "development" && redisUrlValue === undefined) {
    problems.push(
      "  REDIS_URL: is required on Vercel, where the app runs as many instances that share no memory. " +
        "Add Redis from the Vercel Marketplace (Storage > Redis) and connect it to this project; it sets REDIS_URL.",
    );
  }

  const forwardUrls = env.AUTOPLAY_FORWARD_URLS ?? [];
  if (forwardUrls.length > 0 && env.AUTOPLAY_FORWARD_SECRET === undefined) {
    problems.push("  AUTOPLAY_FORWARD_SECRET: is required when AUTOPLAY_FORWARD_URLS is set: receivers check the signature with it");
  }

  if (problems.length > 0) {
    throw new EnvError(`Refusing to start${isProduction ? " in production" : ""}:\n${problems.join("\n")}`);
  }

  return {
    isProduction,
    authSecret,
    demoUser: { email, password },
    posthog: { key: env.POSTHOG_KEY ?? null, host: env.POSTHOG_HOST, uiHost: env.POSTHOG_UI_HOST },
    webhookSecrets,
    productId: env.AUTOPLAY_PRODUCT_ID,
    webhookMaxBodyBytes: env.WEBHOOK_MAX_BODY_BYTES,
    store: {
      maxSessions: env.STORE_MAX_SESSIONS,
      maxActionsPerSession: env.STORE_MAX_ACTIONS_PER_SESSION,
      sessionTtlSeconds: env.STORE_SESSION_TTL_SECONDS,
      feedRetention: env.FEED_MAX_ENTRIES,
      feedRetentionSeconds: env.FEED_RETENTION_SECONDS,
      redis: redisUrlValue === undefined ? null : { url: redisUrlValue, keyPrefix: env.REDIS_KEY_PREFIX },
    },
    localPosthogWebhookUrl: env.LOCAL_POSTHOG_WEBHOOK_URL ?? null,
    streamToken,
    secretUrlParams: env.REDACT_URL_PARAMS ?? DEFAULT_SECRET_URL_PARAMS,
    forward: forwardUrls.length > 0 && env.AUTOPLAY_FORWARD_SECRET ? { urls: forwardUrls, secret: env.AUTOPLAY_FORWARD_SECRET, leaseSeconds: env.AUTOPLAY_FORWARD_LEASE_SECONDS } : null,
    cronSecret: env.CRON_SECRET ?? null,
  };
}

let cached: ServerEnv | undefined;

/** The process's configuration, parsed on first use (and at start-up by instrumentation.ts). */
export function serverEnv(): ServerEnv {
  cached ??= parseServerEnv(process.env);
  return cached;
}
