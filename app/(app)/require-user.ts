import { redirect } from "next/navigation";
import { auth } from "@/auth";

/**
 * Every protected page calls this itself, behind proxy.ts: a second wall, should the proxy's matcher ever miss a
 * path (and a layout's check would not do, as layouts and pages render in parallel). Signed out, it sends the
 * user to log in and come back here.
 */
export async function requireUser(returnPath: string): Promise<{ id: string; email: string }> {
  const session = await auth();
  const user = session?.user;
  if (!user?.id || !user.email) redirect(`/login?next=${encodeURIComponent(returnPath)}`);
  return { id: user.id, email: user.email };
}
