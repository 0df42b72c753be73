/**
 * Query parameters whose values are credentials. A URL can carry one whatever the app intends: a GET form that
 * submitted before JavaScript loaded (`/login?email=…&password=…`), an OAuth or magic-link callback
 * (`?code=…`, `#access_token=…`), a pre-signed download (`X-Amz-Signature=…`). posthog-js records the URL as
 * `$current_url` and links' `href`s, and the receiver would store and serve them to agents.
 *
 * A parameter is secret when its name, or one of its words (split at `_ - . [ ]` and camelCase), is in the list,
 * case-insensitively: `password` covers `Password`, `user[password]` and `new_password`; `token` covers
 * `access_token` and `X-Amz-Security-Token`; `key` covers `apiKey`. Entries are compared without separators,
 * so an entry `client_secret` matches `clientSecret` too. Redacting more than needed costs an agent a value it
 * did not need; redacting less leaks a credential.
 */
export const DEFAULT_SECRET_URL_PARAMS: readonly string[] = [
  "password",
  "passwd",
  "pwd",
  "pass",
  "passphrase",
  "passcode",
  "secret",
  "token",
  "code",
  "key",
  "apikey",
  "auth",
  "authorization",
  "credential",
  "credentials",
  "signature",
  "sig",
  "jwt",
  "otp",
  "pin",
  "sessionid",
  "sid",
  "jsessionid",
  "phpsessid",
  "ticket",
  "saml",
];

/** What a redacted value reads as: the parameter's name stays, so an agent knows it was there. */
export const REDACTED = "[REDACTED]";

export type UrlRedactor = (text: string) => string;

/** `user[password]` → `userpassword`; an entry of the list, normalised the same way, is compared with it. */
const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

function decodedName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return raw;
  }
}

function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2") // apiKey → api Key
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2") // SAMLResponse → SAML Response
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/*
 * A parameter starts after `?`, `&`, `;` or `#` (a fragment often holds a query: `#access_token=…`,
 * `#/route?token=…`), or after their percent-encoded forms, for a URL nested in another parameter's value
 * (`?next=%2Flogin%3Fpassword%3D…`). Names stop at `=` (or `%3D`) and never run over a separator, so each
 * position is scanned once: the whole scan is linear in the text's length, whatever a browser sends.
 */
const PARAM = /(?:[?&;#]|%3[fF]|%26|%23)((?:[^=&;#?\s"'<>%]|%(?!3[fFdD]|26|23))+)(=|%3[dD])/g;
// Where a secret value ends. A raw `?` does not end it: `?token=a?b` is one value. Nested (encoded) values also
// end at an encoded `&` or `#`, which a top-level value may contain as part of the secret itself.
const VALUE_END = /[&;#\s"'<>]/g;
const NESTED_VALUE_END = /[&;#\s"'<>]|%26|%23/g;
// Texts that cannot hold a parameter skip the scan: most URLs have no query at all.
const MAY_HOLD_PARAM = /=|%3d/i;
const MAX_KNOWN_NAMES = 1_000;

/**
 * A function that replaces the value of every secret parameter in a text (a URL, a relative `href`, an
 * `elements_chain`, an error message quoting one) with `[REDACTED]`, keeping the rest of the text as it was.
 */
export function createUrlRedactor(names: readonly string[]): UrlRedactor {
  const secret = new Set(names.map(squash).filter(Boolean));
  // The same few names (`tab`, `page`, `utm_source`) come back in event after event: decide each once.
  const known = new Map<string, boolean>();
  const isSecret = (rawName: string) => {
    let verdict = known.get(rawName);
    if (verdict === undefined) {
      const name = decodedName(rawName);
      verdict = secret.has(squash(name)) || wordsOf(name).some((word) => secret.has(word));
      if (known.size >= MAX_KNOWN_NAMES) known.clear();
      known.set(rawName, verdict);
    }
    return verdict;
  };

  return (text) => {
    if (typeof text !== "string" || !MAY_HOLD_PARAM.test(text)) return text;
    const pattern = PARAM;
    pattern.lastIndex = 0;
    let out = "";
    let copied = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      const valueStart = match.index + match[0].length;
      if (!isSecret(match[1]!)) {
        // Go on right after the `=`: a non-secret value may hold a nested URL with a secret in it.
        pattern.lastIndex = valueStart;
        continue;
      }
      const nested = match[0][0] === "%" || match[2] !== "=";
      const ends = nested ? NESTED_VALUE_END : VALUE_END;
      ends.lastIndex = valueStart;
      const valueEnd = ends.exec(text)?.index ?? text.length;
      pattern.lastIndex = valueEnd;
      if (valueEnd === valueStart) continue; // `password=` carries nothing
      out += text.slice(copied, valueStart) + REDACTED;
      copied = valueEnd;
    }
    return copied === 0 ? text : out + text.slice(copied);
  };
}

const cache = new WeakMap<readonly string[], UrlRedactor>();

/** The redactor for a list, built once per list (the configured list is one array for the process's life). */
export function urlRedactorFor(names: readonly string[]): UrlRedactor {
  let redactor = cache.get(names);
  if (!redactor) {
    redactor = createUrlRedactor(names);
    cache.set(names, redactor);
  }
  return redactor;
}

export const redactDefaultUrlSecrets: UrlRedactor = urlRedactorFor(DEFAULT_SECRET_URL_PARAMS);
