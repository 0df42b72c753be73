import { auth } from "@/auth";
import { unauthenticated } from "@/lib/http/api-error";

/** Route handlers check the session themselves; there is no proxy in front of the API. */
export async function requireViewer(): Promise<{ ok: true } | { ok: false; response: Response }> {
  const session = await auth();
  if (session?.user) return { ok: true };
  return { ok: false, response: unauthenticated().toResponse() };
}
