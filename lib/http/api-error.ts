/**
 * Errors a caller can cause, as typed codes that turn themselves into JSON responses. Every 4xx says what is
 * wrong and how to fix it: for the webhook, PostHog's destination logs show this body verbatim.
 */
export type ApiErrorBody = {
  error: { code: string; message: string; hint: string; details?: unknown };
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  toBody(): ApiErrorBody {
    const body: ApiErrorBody = { error: { code: this.code, message: this.message, hint: this.hint } };
    if (this.details !== undefined) body.error.details = this.details;
    return body;
  }

  toResponse(): Response {
    return jsonResponse(this.toBody(), this.status, this.headers);
  }
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

export const unauthenticated = () =>
  new ApiError(
    401,
    "unauthenticated",
    "You are not signed in.",
    "Sign in at /login and retry; agents send `Authorization: Bearer <AUTOPLAY_STREAM_TOKEN>`.",
  );

export const methodNotAllowed = (allow: string, hint: string) =>
  new ApiError(405, "method_not_allowed", `This endpoint only accepts ${allow}.`, hint, undefined, { allow });

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

/**
 * Handlers for the methods a route does not implement, answering a JSON 405 (Next.js's own 405 has an
 * empty body): `export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);`
 */
export function otherMethods<const Allowed extends readonly Method[]>(
  allowed: Allowed,
  hint = "See the README for this endpoint's methods.",
): Record<Exclude<Method, Allowed[number]>, () => Response> {
  const allow = [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : [])].join(", ");
  const handler = () => methodNotAllowed(allow, hint).toResponse();
  const others = METHODS.filter((method) => !allowed.includes(method));
  return Object.fromEntries(others.map((method) => [method, handler])) as Record<Exclude<Method, Allowed[number]>, () => Response>;
}
