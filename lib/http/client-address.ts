import { isIPv4, isIPv6 } from "node:net";

/**
 * The address of the client that sent a request, as the platform in front of the app reports it: on Vercel,
 * `x-forwarded-for` holds the client's address, set by Vercel's edge (which replaces any value the client
 * sent); `x-real-ip` is the same address. Trusting it is only safe behind a proxy that overwrites it: a
 * server reached directly (plain `next start` on the internet) gets whatever the client chose to send.
 * null when no usable address is present.
 */
export function clientAddress(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  for (const candidate of [forwarded, headers.get("x-real-ip")?.trim()]) {
    const address = candidate ? normaliseAddress(candidate) : null;
    if (address) return address;
  }
  return null;
}

/**
 * One key per client for counting: an IPv4 address as is, an IPv6 address by its /64 (one subscriber usually
 * gets a whole /64, so counting single addresses would let them rotate through billions).
 */
export function addressKey(address: string): string {
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(":")}::/64`;
}

function normaliseAddress(value: string): string | null {
  // "::ffff:203.0.113.7" is an IPv4 client seen through an IPv6 socket.
  const unmapped = value.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");
  if (isIPv4(unmapped)) return unmapped;
  if (isIPv6(unmapped)) return unmapped.toLowerCase();
  return null;
}

/** The eight 16-bit groups of an IPv6 address, in lower-case hex without leading zeros. */
function expandIPv6(address: string): string[] {
  let text = address.toLowerCase().split("%")[0]!;
  // An embedded IPv4 tail ("::1.2.3.4") is two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16).toString(16));
}
