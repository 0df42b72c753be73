import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createUrlRedactor, DEFAULT_SECRET_URL_PARAMS, redactDefaultUrlSecrets as redact, REDACTED } from "./redact-url-secrets";

describe("redacting secret URL parameters", () => {
  it("replaces a password's value and keeps its name and every other parameter", () => {
    expect(redact("http://127.0.0.1:3000/login?email=ada%40example.com&password=hunter2hunter2")).toBe(
      `http://127.0.0.1:3000/login?email=ada%40example.com&password=${REDACTED}`,
    );
    expect(redact("/projects/42?tab=settings&token=abc123#top")).toBe(`/projects/42?tab=settings&token=${REDACTED}#top`);
  });

  it("leaves URLs without secrets exactly as they were", () => {
    for (const url of [
      "https://app.example.com/projects/4821?tab=settings",
      "/projects",
      "https://app.example.com/search?q=keyword&sort=desc&page=2#results",
      "https://app.example.com/a?monkey=1&keyboard=2&passport=3",
      "",
    ]) {
      expect(redact(url)).toBe(url);
    }
  });

  it("matches names case-insensitively, by word, and in the forms frameworks and clouds write them", () => {
    const cases: [string, string][] = [
      ["?PASSWORD=x1", `?PASSWORD=${REDACTED}`],
      ["?Password=x1", `?Password=${REDACTED}`],
      ["?user[password]=x1", `?user[password]=${REDACTED}`],
      ["?user%5Bpassword%5D=x1", `?user%5Bpassword%5D=${REDACTED}`],
      ["?new_password=x1", `?new_password=${REDACTED}`],
      ["?access_token=x1&token_type=bearer", `?access_token=${REDACTED}&token_type=${REDACTED}`],
      ["?apiKey=x1", `?apiKey=${REDACTED}`],
      ["?api-key=x1", `?api-key=${REDACTED}`],
      ["?client_secret=x1", `?client_secret=${REDACTED}`],
      ["?code=x1&state=s", `?code=${REDACTED}&state=s`],
      ["?auth=x1", `?auth=${REDACTED}`],
      ["?X-Amz-Credential=AK%2F1&X-Amz-Signature=ff00", `?X-Amz-Credential=${REDACTED}&X-Amz-Signature=${REDACTED}`],
      ["?SAMLResponse=PHNhbWw%2B", `?SAMLResponse=${REDACTED}`],
      ["/app;jsessionid=ABC123", `/app;jsessionid=${REDACTED}`],
    ];
    for (const [input, expected] of cases) expect(redact(input), input).toBe(expected);
  });

  it("redacts in the fragment too, where OAuth and hash routers put a query", () => {
    expect(redact("https://app.example.com/callback#access_token=x1&expires_in=3600")).toBe(
      `https://app.example.com/callback#access_token=${REDACTED}&expires_in=3600`,
    );
    expect(redact("https://app.example.com/#/reset?token=x1")).toBe(`https://app.example.com/#/reset?token=${REDACTED}`);
  });

  it("redacts a secret nested in another parameter's value, raw or percent-encoded", () => {
    expect(redact("/login?next=/projects?token=x1")).toBe(`/login?next=/projects?token=${REDACTED}`);
    expect(redact("/login?next=%2Freset%3Ftoken%3Dx1%26step%3D2")).toBe(`/login?next=%2Freset%3Ftoken%3D${REDACTED}%26step%3D2`);
  });

  it("takes the whole value, up to the next parameter, whatever it holds", () => {
    expect(redact("?password=a?b%26c+d&next=1")).toBe(`?password=${REDACTED}&next=1`);
    expect(redact("?password=")).toBe("?password=");
    // A raw `?` may be part of a value, so it does not end one: more is redacted rather than a secret's tail kept.
    expect(redact("/app;jsessionid=ABC?x=1&y=2")).toBe(`/app;jsessionid=${REDACTED}&y=2`);
  });

  it("works inside an elements_chain or a message that quotes a URL", () => {
    expect(redact('a:href="/reset?token=x1"attr__href="/reset?token=x1"nth-child="1"')).toBe(
      `a:href="/reset?token=${REDACTED}"attr__href="/reset?token=${REDACTED}"nth-child="1"`,
    );
    expect(redact('Unexpected token, "…/login?password=x1 …" is not valid JSON')).toBe(
      `Unexpected token, "…/login?password=${REDACTED} …" is not valid JSON`,
    );
  });

  it("uses the configured list instead of the default", () => {
    const custom = createUrlRedactor(["invite", "client_secret"]);
    expect(custom("?invite=x1&password=x2&clientSecret=x3")).toBe(`?invite=${REDACTED}&password=x2&clientSecret=${REDACTED}`);
  });

  it("never lets a secret value through, whatever surrounds it (property)", () => {
    const names = DEFAULT_SECRET_URL_PARAMS.filter((name) => name.length > 2);
    const casing = fc.constantFrom<(s: string) => string>(
      (s) => s,
      (s) => s.toUpperCase(),
      (s) => s[0]!.toUpperCase() + s.slice(1),
    );
    const safeText = fc.stringMatching(/^[a-z0-9/._-]{0,12}$/);
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        casing,
        fc.constantFrom("", "user_", "new-", "x."),
        fc.stringMatching(/^[A-Za-z0-9%+!*()~-]{6,24}$/),
        fc.constantFrom("?", "&", "#", ";"),
        safeText,
        safeText,
        (name, cased, prefix, value, separator, path, tail) => {
          const secret = `SECRET${value}`;
          const url = `https://app.example.com/${path}?a=1${separator}${prefix}${cased(name)}=${secret}&b=${tail}`;
          const out = redact(url);
          expect(out).not.toContain(secret);
          expect(out).toContain(`${prefix}${cased(name)}=${REDACTED}`);
          expect(out.endsWith(`&b=${tail}`)).toBe(true);
        },
      ),
    );
  });

  it("scans a hostile text in linear time", () => {
    const hostile = `?${"%3Fa".repeat(50_000)}=1&${"password=".repeat(20_000)}`;
    const out = redact(hostile);
    expect(out).toContain(REDACTED);
    expect(out).not.toMatch(/password=password=/);
  });
});
