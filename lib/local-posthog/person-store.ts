import { createHash } from "node:crypto";

/**
 * Persons as PostHog ingestion keeps them, in memory: one person per set of distinct ids, `$set`/`$set_once`
 * applied from any event that carries them, and an `$identify` with `$anon_distinct_id` (or `$create_alias`)
 * folding the anonymous person into the user's. Bounded LRU, so a long-running dev server cannot grow forever.
 */

export type Person = { id: string; properties: Record<string, unknown>; distinct_ids: string[] };

/** The fields of a captured event that touch persons, with `$set`/`$set_once` already gathered into properties. */
export type PersonEvent = { event: string; distinct_id: string; properties: Record<string, unknown> };

export const MAX_PERSONS = 50_000;

type Entry = Person & { identified: boolean };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A stable UUID per distinct id (v5-shaped), like PostHog's, so a person keeps its id across dev reloads. */
export function personIdFor(distinctId: string): string {
  const bytes = createHash("sha1").update(`local-posthog:${distinctId}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const snapshot = (entry: Entry): Person => ({
  id: entry.id,
  properties: { ...entry.properties },
  distinct_ids: [...entry.distinct_ids],
});

export class PersonStore {
  private readonly byDistinctId = new Map<string, Entry>();
  /** Insertion order is recency: the first entry is the least recently used. */
  private readonly persons = new Map<string, Entry>();

  constructor(private readonly maxPersons = MAX_PERSONS) {}

  get size(): number {
    return this.persons.size;
  }

  get(distinctId: string): Person | undefined {
    const entry = this.byDistinctId.get(distinctId);
    return entry && snapshot(entry);
  }

  /** Applies one event and returns its person afterwards, as a PostHog webhook would show it. */
  ingest({ event, distinct_id: distinctId, properties }: PersonEvent): Person {
    if (properties.$process_person_profile === false) {
      // Personless event (person_profiles: 'identified_only' before identify): nothing is written.
      const existing = this.byDistinctId.get(distinctId);
      return existing ? snapshot(existing) : { id: personIdFor(distinctId), properties: {}, distinct_ids: [distinctId] };
    }

    const entry = this.resolve(event, distinctId, properties);
    if (event === "$identify") entry.identified = true;
    applyPropertyUpdates(entry.properties, properties);
    this.touch(entry);
    return snapshot(entry);
  }

  private resolve(event: string, distinctId: string, properties: Record<string, unknown>): Entry {
    const other =
      event === "$identify"
        ? properties.$anon_distinct_id
        : event === "$create_alias" || event === "$merge_dangerously"
          ? properties.alias
          : undefined;
    if (typeof other !== "string" || other === "" || other === distinctId) return this.getOrCreate(distinctId);

    const mine = this.byDistinctId.get(distinctId);
    const theirs = this.byDistinctId.get(other);
    if (!mine && !theirs) return this.addDistinctId(this.getOrCreate(distinctId), other);
    if (mine && !theirs) return this.addDistinctId(mine, other);
    if (!mine && theirs) return this.addDistinctId(theirs, distinctId);
    if (mine === theirs) return mine!;
    // Like PostHog: an $identify never folds one identified user into another; an alias is explicit and does.
    if (event === "$identify" && theirs!.identified) return mine!;
    return this.merge(mine!, theirs!);
  }

  private getOrCreate(distinctId: string): Entry {
    const existing = this.byDistinctId.get(distinctId);
    if (existing) return existing;
    const entry: Entry = { id: personIdFor(distinctId), properties: {}, distinct_ids: [distinctId], identified: false };
    this.byDistinctId.set(distinctId, entry);
    this.persons.set(entry.id, entry);
    this.evict();
    return entry;
  }

  private addDistinctId(entry: Entry, distinctId: string): Entry {
    if (!entry.distinct_ids.includes(distinctId)) entry.distinct_ids.push(distinctId);
    this.byDistinctId.set(distinctId, entry);
    return entry;
  }

  private merge(into: Entry, from: Entry): Entry {
    into.properties = { ...from.properties, ...into.properties };
    for (const distinctId of from.distinct_ids) this.addDistinctId(into, distinctId);
    into.identified ||= from.identified;
    this.persons.delete(from.id);
    return into;
  }

  private touch(entry: Entry): void {
    this.persons.delete(entry.id);
    this.persons.set(entry.id, entry);
  }

  private evict(): void {
    while (this.persons.size > this.maxPersons) {
      const oldest = this.persons.values().next().value as Entry;
      this.persons.delete(oldest.id);
      for (const distinctId of oldest.distinct_ids) {
        if (this.byDistinctId.get(distinctId) === oldest) this.byDistinctId.delete(distinctId);
      }
    }
  }
}

/** PostHog's order: `$set_once` fills only what is missing, `$set` overwrites, `$unset` removes. */
function applyPropertyUpdates(target: Record<string, unknown>, properties: Record<string, unknown>): void {
  if (isRecord(properties.$set_once)) {
    for (const [key, value] of Object.entries(properties.$set_once)) if (!(key in target)) target[key] = value;
  }
  if (isRecord(properties.$set)) Object.assign(target, properties.$set);
  if (Array.isArray(properties.$unset)) {
    for (const key of properties.$unset) if (typeof key === "string") delete target[key];
  }
}

const GLOBAL_KEY = Symbol.for("autoplay.localPosthog.personStore");

/** The process's person store, kept on globalThis so Next's dev reloads do not forget everyone. */
export function personStore(): PersonStore {
  const holder = globalThis as typeof globalThis & { [GLOBAL_KEY]?: PersonStore };
  holder[GLOBAL_KEY] ??= new PersonStore();
  return holder[GLOBAL_KEY];
}
