/** Redis stream ids (`<ms>-<seq>`), which double as FeedEntry ids and SSE event ids. */

const STREAM_ID = /^(\d{1,16})-(\d{1,16})$/;

/**
 * A client-supplied id (Last-Event-ID) as a stream id, or null when it is not one. Ids of another backend
 * (the memory store's "12") mean nothing here: treating them as `12-0` would replay the whole retained feed,
 * so they count as "from now" instead.
 */
export function parseStreamId(value: string | null): string | null {
  return value !== null && STREAM_ID.test(value) ? value : null;
}

/** Orders stream ids numerically: "9-0" < "10-0", which a string comparison gets wrong. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs, aSeq] = split(a);
  const [bMs, bSeq] = split(b);
  return aMs - bMs || aSeq - bSeq;
}

function split(id: string): [number, number] {
  const dash = id.indexOf("-");
  return dash < 0 ? [Number(id), 0] : [Number(id.slice(0, dash)), Number(id.slice(dash + 1))];
}
