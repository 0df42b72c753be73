import { EnvError, serverEnv } from "./env";

/**
 * Validates the configuration at start-up, so a bad or unsafe value (a default secret in production, a
 * malformed key) stops the server with a message naming the variable instead of failing on first use.
 */
export function validateEnvOrExit(): void {
  try {
    serverEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
}
