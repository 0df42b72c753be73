import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { verifyDemoCredentials } from "@/lib/auth/demo-user";
import { serverEnv } from "@/lib/config/env";

const CredentialsInput = z.object({ email: z.string().max(320), password: z.string().max(1024) });

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
        authorize(raw) {
          const parsed = CredentialsInput.safeParse(raw);
          if (!parsed.success) return null;
          return verifyDemoCredentials(parsed.data, env.demoUser);
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
    },
  };
});
