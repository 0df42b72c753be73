/**
 * Runs once when a server starts. The Node-only part lives in its own module, imported only on the Node.js
 * runtime, as Next.js recommends (the Edge bundle must not see `process.exit`).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { validateEnvOrExit } = await import("./lib/config/validate-env-or-exit");
    validateEnvOrExit();
  }
}
