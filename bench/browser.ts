import { gzipSync } from "node:zlib";
import { BENCH_ENV, ensureBuild, startApp, type Server } from "./support/app-server";
import { fmt, type Bench, type Row } from "./support/table";

/**
 * First-load JS of pages, from the production build: the page's HTML as `next start` serves it, every
 * `<script src>` in it fetched, gzipped (level 9, as Next's old build output did) and summed. Inline scripts
 * (the RSC payload) are not counted, as Next never counted them. The floor: a 404 page of the same app, i.e.
 * the framework and React runtime every page pays.
 */

const LOGIN_TARGET = 200 * 1024;

/** Signs the demo user in through Auth.js's credentials callback; returns the Cookie header. */
export async function signIn(server: Server): Promise<string> {
  const csrf = await fetch(`${server.url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!);
  const response = await fetch(`${server.url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({
      csrfToken,
      email: BENCH_ENV.DEMO_USER_EMAIL,
      password: BENCH_ENV.DEMO_USER_PASSWORD,
      callbackUrl: `${server.url}/dashboard`,
    }),
  });
  const session = response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!);
  if (!session.some((cookie) => cookie.includes("session-token="))) throw new Error(`sign-in failed: ${response.status}`);
  return [...cookies, ...session].join("; ");
}

type PageJs = { gzip: number; raw: number; scripts: number };

async function firstLoadJs(server: Server, path: string, cookie: string | null, expectStatus: number): Promise<PageJs> {
  const response = await fetch(`${server.url}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });
  if (response.status !== expectStatus) throw new Error(`GET ${path} answered ${response.status}, expected ${expectStatus}`);
  const html = await response.text();
  const sources = new Set([...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((match) => match[1]!.replace(/&amp;/g, "&")));
  let gzip = 0;
  let raw = 0;
  for (const source of sources) {
    const script = await fetch(new URL(source, server.url));
    if (!script.ok) throw new Error(`GET ${source} answered ${script.status}`);
    const bytes = Buffer.from(await script.arrayBuffer());
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { gzip, raw, scripts: sources.size };
}

const describe = (js: PageJs) => `${fmt.kb(js.gzip)} (${js.scripts} scripts, ${fmt.kb(js.raw)} raw)`;

export const browser: Bench = {
  name: "browser",
  title: "first-load JS of /login and /dashboard",
  async run(context) {
    await ensureBuild(context);
    const server = await startApp();
    try {
      const floor = await firstLoadJs(server, "/bench-no-such-page", null, 404);
      const login = await firstLoadJs(server, "/login", null, 200);
      const dashboard = await firstLoadJs(server, "/dashboard", await signIn(server), 200);
      const floorText = `${fmt.kb(floor.gzip)} (404 page)`;
      return [
        {
          bench: "browser",
          measure: "first-load JS /login, gzip",
          figure: describe(login),
          floor: floorText,
          target: "≤ 200 KB",
          ok: login.gzip <= LOGIN_TARGET,
        },
        { bench: "browser", measure: "first-load JS /dashboard, gzip", figure: describe(dashboard), floor: floorText },
      ] satisfies Row[];
    } finally {
      await server.stop();
    }
  },
};
