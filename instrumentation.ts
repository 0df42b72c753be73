/**
 * Runs once when a server starts: validates the configuration so a bad or unsafe value (a default secret
 * in production, a malformed key) stops the app at start-up with a message naming the variable, instead of
 * failing on the first request.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { serverEnv, EnvError } = await import("./lib/config/env");
  try {
    serverEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
}
