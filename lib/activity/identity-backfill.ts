import type { ActionsPayload } from "../autoplay/actions-payload";
import type { FeedEntry } from "./feed-entry";
import { feedEntryToPayload, matchesFilter, type StreamFilter } from "./feed-to-payload";
import type { SessionSummary } from "./session-summary";
import { compareActions, type StoredAction } from "./stored-action";
import { toActionsPayload, toSlimActions } from "./to-slim-actions";

type ReadSession = (sessionId: string) => Promise<{ session: SessionSummary; actions: StoredAction[]; first_index: number } | null>;

/**
 * The agent stream's filter, with back-fill: a session's actions from before it identified never matched a
 * user or email filter, so when an entry gives the session that identity (FeedEntry.became), its retained
 * earlier actions go out once, in the same frame as the entry's own, carrying the identity. Frames keep the
 * feed's order: an entry waits behind a back-fill still being read.
 */
export type ReindexFrame = { type: "reindex"; session_id: string; from_index: number };

export type FilteredFeed = {
  /** One feed entry; `wanted` false drops it whatever the filter (another product's). */
  entry: (entry: FeedEntry, wanted?: boolean) => void;
  /** Runs `step` once every frame of the entries handed over so far has been pushed. */
  afterQueued: (step: () => void) => void;
};

export function filteredFeed(
  filter: StreamFilter,
  readSession: ReadSession,
  push: (id: string, payload: ActionsPayload) => void,
  pushReindex: (id: string, frame: ReindexFrame) => void,
  /** An entry that produced no frame was passed, in order: the stream's position may move past it. */
  passed: (id: string) => void = () => {},
): FilteredFeed {
  let queue: Promise<void> = Promise.resolve();
  let pending = 0;
  const emit = (entry: FeedEntry, earlier: ActionsPayload["actions"]) => {
    // A late action moved actions the agent already has: say from where, so it can re-read the session.
    if (entry.reindexed_from !== undefined) {
      pushReindex(entry.id, { type: "reindex", session_id: entry.session.session_id, from_index: entry.reindexed_from });
    }
    const live = feedEntryToPayload(entry);
    const actions = [...earlier, ...(live?.actions ?? [])];
    if (actions.length > 0) push(entry.id, toActionsPayload(entry.session, actions));
    else if (entry.reindexed_from === undefined) passed(entry.id);
  };
  const afterQueued = (step: () => void): void => {
    if (pending === 0) return step();
    pending++;
    queue = queue
      .then(step)
      .catch((error: unknown) => console.error("agent stream: could not send an entry", error))
      .finally(() => pending--);
  };

  return {
    afterQueued,
    entry: (entry: FeedEntry, wanted = true): void => {
      if (!wanted || !matchesFilter(entry, filter)) return afterQueued(() => passed(entry.id));
      const gained =
        (filter.user_id !== undefined && entry.became?.includes("user")) ||
        (filter.email !== undefined && entry.became?.includes("email"));
      if (!gained) return afterQueued(() => emit(entry, []));
      // A back-fill reads the session first: this entry and every later one wait behind it.
      pending++;
      queue = queue
        .then(async () => emit(entry, await earlierActions(entry, readSession)))
        .catch((error: unknown) => console.error("agent stream: could not send an entry", error))
        .finally(() => pending--);
    },
  };
}

/** The session's retained actions up to this entry, not counting the entry's own, as SlimActions. */
async function earlierActions(entry: FeedEntry, readSession: ReadSession): Promise<ActionsPayload["actions"]> {
  const found = await readSession(entry.session.session_id).catch(() => null);
  if (!found) return [];
  const ordered = [...found.actions].sort(compareActions);
  const own = new Set(entry.actions.map((action) => action.event_id));
  const slim = toSlimActions(entry.session, ordered, found.first_index);
  return slim.filter((_, i) => !own.has(ordered[i]!.event_id) && ordered[i]!.timestamp <= entry.session.last_seen);
}
