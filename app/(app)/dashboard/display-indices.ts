import type { HeldAction } from "@/lib/activity/apply-feed-entry";

/**
 * The index each action shows, for actions in time order: the place in the whole session the store gave it,
 * so a session past its action cap shows the numbers its agent reads (not 0 at the oldest one still held).
 * Indices only increase: a late action that landed before others takes the place it was given and pushes the
 * later ones up by one, as the store renumbers them; one without a known index follows the one before it.
 */
export function displayIndices(ordered: readonly HeldAction[]): number[] {
  let previous = -1;
  return ordered.map((action) => {
    const index = action.index === undefined ? previous + 1 : Math.max(action.index, previous + 1);
    previous = index;
    return index;
  });
}
