/** Redis stream ids (`<ms>-<seq>`): the position part of FeedEntry ids (`<epoch>.<ms>-<seq>`, feed-id.ts). */

const STREAM_ID = /^(\d{1,16})-(\d{1,16})$/;

/** A position as a stream id, or null when it is not one (the memory store's "12" would mean `12-0`: everything). */
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
