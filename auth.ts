import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { verifyDemoCredentials } from "@/lib/auth/demo-user";
import { loginThrottle } from "@/lib/auth/login-throttle";
import { lockedCode } from "@/lib/auth/retry-wait";
import { safeRedirectUrl } from "@/lib/auth/safe-callback-url";
import { serverEnv } from "@/lib/config/env";
import { clientAddress } from "@/lib/http/client-address";

const CredentialsInput = z.object({ email: z.string().max(320), password: z.string().max(1024) });

/**
 * Too many failed sign-ins for the account or the client address. The login page's action reads the wait from
 * it; Auth.js's own endpoint redirects to `/login?error=CredentialsSignin&code=locked-<seconds>`.
 */
export class SignInLocked extends CredentialsSignin {
  constructor(readonly retryAfterMs: number) {
    super();
    this.code = lockedCode(retryAfterMs);
  }
}

// The lazy form reads the environment per request, so `next build` needs no secret and a bad env fails loudly
// at the first request rather than being baked into the build.
export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const env = serverEnv();
  return {
    secret: env.authSecret,
    trustHost: true,
    session: { strategy: "jwt" },
    pages: { signIn: "/login" },
    providers: [
      Credentials({
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        // Every password check goes through here (the login page's action and POST /api/auth/callback/credentials
        // alike), so this is where guessing is limited.
        async authorize(raw, request) {
          const parsed = CredentialsInput.safeParse(raw);
          if (!parsed.success) return null;
          const attempt = { account: parsed.data.email, address: clientAddress(request.headers) };
          const result = await loginThrottle(env.store.redis).attempt(attempt, () => verifyDemoCredentials(parsed.data, env.demoUser));
          if (result.user) return result.user;
          if (result.lockout) throw new SignInLocked(result.lockout.retryAfterMs);
          return null;
        },
      }),
    ],
    callbacks: {
      // The default session carries only name/email/image; the app needs the stable user id too.
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        if (typeof token.email === "string") session.user.email = token.email;
        return session;
      },
      // Every redirect Auth.js makes (its own sign-in endpoint's callbackUrl, sign-out) stays on this origin.
      redirect({ url, baseUrl }) {
        return safeRedirectUrl(url, baseUrl);
      },
    },
  };
});
