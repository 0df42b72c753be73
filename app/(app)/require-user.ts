import { redirect } from "next/navigation";
import { auth } from "@/auth";

/**
 * Every protected page calls this itself: a layout's check does not stop its pages from rendering (they render in
 * parallel), so the layout alone protects nothing. Signed out, it sends the user to log in and come back here.
 */
export async function requireUser(returnPath: string): Promise<{ id: string; email: string }> {
  const session = await auth();
  const user = session?.user;
  if (!user?.id || !user.email) redirect(`/login?callbackUrl=${encodeURIComponent(returnPath)}`);
  return { id: user.id, email: user.email };
}
