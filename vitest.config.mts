import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "test/**/*.test.ts"],
    environment: "node",
    // Route handlers read their configuration from the environment, as in production.
    env: { NODE_ENV: "test", POSTHOG_WEBHOOK_SECRET: "test-webhook-secret", AUTOPLAY_PRODUCT_ID: "acme-web" },
  },
});
