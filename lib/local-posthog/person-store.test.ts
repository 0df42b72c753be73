import { describe, expect, it } from "vitest";
import { fixtureText } from "@/test/fixtures";
import { PersonStore, personIdFor, personStore, type PersonEvent } from "./person-store";

const set = (distinct_id: string, $set: Record<string, unknown>, extra: Record<string, unknown> = {}): PersonEvent => ({
  event: "$set",
  distinct_id,
  properties: { $set, ...extra },
});

describe("PersonStore", () => {
  it("applies $set, lets $set_once fill only what is missing, and $unset remove", () => {
    const store = new PersonStore();
    store.ingest(set("u1", { plan: "free", email: "a@b.c" }, { $set_once: { first_seen: "mon", plan: "ignored" } }));
    store.ingest(set("u1", { plan: "pro" }, { $set_once: { first_seen: "tue" } }));
    const person = store.ingest({ event: "$pageview", distinct_id: "u1", properties: { $unset: ["email"] } });
    expect(person).toEqual({ id: personIdFor("u1"), properties: { plan: "pro", first_seen: "mon" }, distinct_ids: ["u1"] });
  });

  it("gives a person a stable UUID per distinct id", () => {
    expect(personIdFor("u1")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(personIdFor("u1")).toBe(personIdFor("u1"));
    expect(personIdFor("u1")).not.toBe(personIdFor("u2"));
  });

  it("merges the anonymous person into the user's on $identify with $anon_distinct_id", () => {
    const store = new PersonStore();
    store.ingest(set("anon", { product_id: "p1", theme: "dark" }));
    store.ingest(set("user", { email: "a@b.c", theme: "light" }));
    const person = store.ingest({
      event: "$identify",
      distinct_id: "user",
      properties: { $anon_distinct_id: "anon", $set: { email: "a@b.c" } },
    });
    expect(person.id).toBe(personIdFor("user"));
    expect(person.properties).toEqual({ product_id: "p1", theme: "light", email: "a@b.c" });
    expect(person.distinct_ids.sort()).toEqual(["anon", "user"]);
    expect(store.get("anon")).toEqual(store.get("user"));
    expect(store.size).toBe(1);
  });

  it("gives the anonymous person the user's id when the user has no person yet", () => {
    const store = new PersonStore();
    store.ingest(set("anon", { product_id: "p1" }));
    const person = store.ingest({ event: "$identify", distinct_id: "user", properties: { $anon_distinct_id: "anon" } });
    expect(person).toEqual({ id: personIdFor("anon"), properties: { product_id: "p1" }, distinct_ids: ["anon", "user"] });
  });

  it("never folds one identified user into another on $identify, but does on an explicit $create_alias", () => {
    const store = new PersonStore();
    store.ingest({ event: "$identify", distinct_id: "alice", properties: { $anon_distinct_id: "device-1" } });
    store.ingest(set("bob", { name: "Bob" }));
    const bob = store.ingest({ event: "$identify", distinct_id: "bob", properties: { $anon_distinct_id: "alice" } });
    expect(bob.distinct_ids).toEqual(["bob"]);
    expect(store.get("alice")!.id).not.toBe(bob.id);

    const aliased = store.ingest({ event: "$create_alias", distinct_id: "bob", properties: { alias: "alice" } });
    expect(aliased.distinct_ids.sort()).toEqual(["alice", "bob", "device-1"]);
  });

  it("writes nothing for a personless event ($process_person_profile: false)", () => {
    const store = new PersonStore();
    const person = store.ingest(set("anon", { product_id: "p1" }, { $process_person_profile: false }));
    expect(person).toEqual({ id: personIdFor("anon"), properties: {}, distinct_ids: ["anon"] });
    expect(store.get("anon")).toBeUndefined();

    store.ingest(set("known", { product_id: "p1" }));
    const known = store.ingest(set("known", { product_id: "p2" }, { $process_person_profile: false }));
    expect(known.properties).toEqual({ product_id: "p1" });
  });

  it("evicts the least recently used person beyond its bound", () => {
    const store = new PersonStore(2);
    store.ingest(set("a", { n: 1 }));
    store.ingest(set("b", { n: 2 }));
    store.ingest(set("a", { n: 3 }));
    store.ingest(set("c", { n: 4 }));
    expect(store.size).toBe(2);
    expect(store.get("b")).toBeUndefined();
    expect(store.get("a")?.properties).toEqual({ n: 3 });
  });

  it("returns snapshots that later events do not change", () => {
    const store = new PersonStore();
    const first = store.ingest(set("u", { n: 1 }));
    store.ingest(set("u", { n: 2 }));
    expect(first.properties).toEqual({ n: 1 });
  });

  it("keeps the device and the user apart for posthog-js 1.449's loaded self-identify, as PostHog does", () => {
    const store = new PersonStore();
    const events = fixtureText("posthog-js/capture-1.449.2.jsonl")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { event: string; properties: Record<string, unknown>; $set_once?: object });
    const persons = events.map((event) =>
      store.ingest({
        event: event.event,
        distinct_id: String(event.properties.distinct_id),
        properties: { ...event.properties, $set_once: { ...(event.properties.$set_once as object), ...event.$set_once } },
      }),
    );
    expect(persons[1]!.properties).toMatchObject({ product_id: "p1", $initial_pathname: "/ph" });
    expect(persons[3]).toMatchObject({ distinct_ids: ["user-1"], properties: { product_id: "p1", email: "a@b.c" } });
    expect(persons[3]!.id).not.toBe(persons[1]!.id);
  });
});

describe("personStore", () => {
  it("is one store per process, kept on globalThis", () => {
    expect(personStore()).toBe(personStore());
  });
});
