// @ts-check

/**
 * PostHog's recommended reverse proxy (CONTRACT §1): with a real POSTHOG_KEY, posthog-js sends to
 * `/relay` on this app's own origin and Next.js forwards to PostHog, so ad-blockers that block
 * *.posthog.com don't drop the activity an agent depends on. The path is deliberately not analytics-looking.
 * The path is shared with the browser config through lib/posthog/relay-path.json.
 */
const RELAY_PATH = require("./lib/posthog/relay-path.json").path;
const { allowedDevOrigins } = require("./lib/config/allowed-dev-origins.js");

function posthogHosts() {
  const api = (process.env.POSTHOG_HOST || "https://us.i.posthog.com").replace(/\/+$/, "");
  // PostHog cloud serves its scripts from a sibling "-assets" host; a self-hosted instance serves both.
  const cloud = /^https:\/\/(us|eu)\.i\.posthog\.com$/.exec(api);
  return { api, assets: cloud ? `https://${cloud[1]}-assets.i.posthog.com` : api };
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // PostHog's webhook doesn't follow redirects, and posthog-js posts to `/e/`: a 308 to drop the trailing
  // slash would be a failed delivery. PostHog's reverse-proxy guide asks for the same.
  skipTrailingSlashRedirect: true,
  // `npm run dev` opened at 127.0.0.1, a LAN address or the machine's name, not only localhost (see the file).
  allowedDevOrigins: allowedDevOrigins(),
  async rewrites() {
    const { api, assets } = posthogHosts();
    return [
      { source: `${RELAY_PATH}/static/:path*`, destination: `${assets}/static/:path*` },
      { source: `${RELAY_PATH}/array/:path*`, destination: `${assets}/array/:path*` },
      { source: `${RELAY_PATH}/:path*`, destination: `${api}/:path*` },
    ];
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
