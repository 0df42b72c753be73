import { randomUUID } from "node:crypto";
import { distinctIdOf, type CaptureEvent } from "./capture-event";
import { elementsChainFromProperties } from "./elements-from-capture";
import { eventTimestamp } from "./event-timestamp";
import type { PersonStore } from "./person-store";
import { buildWebhookBody, type DefaultWebhookBody } from "./webhook-delivery";

export type IngestContext = {
  persons: PersonStore;
  uiHost: string;
  now: Date;
  /** The batch's `sent_at` (or the request's), for clock-skew correction. */
  sentAt: string | number | null;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * One captured event through PostHog's ingestion steps that a webhook can see: top-level `$set`/`$set_once`
 * folded into properties, `$elements` turned into `elements_chain`, the person updated, the time corrected.
 * The caller has checked that the event has a distinct id.
 */
export function ingestEvent(event: CaptureEvent, context: IngestContext): DefaultWebhookBody {
  const distinctId = distinctIdOf(event)!;
  const properties: Record<string, unknown> = { ...event.properties };
  for (const key of ["$set", "$set_once"] as const) {
    const topLevel = event[key];
    if (topLevel) properties[key] = { ...(isRecord(properties[key]) ? properties[key] : {}), ...topLevel };
  }
  const elementsChain = elementsChainFromProperties(properties);
  delete properties.$elements;
  delete properties.$elements_chain;

  const person = context.persons.ingest({ event: event.event, distinct_id: distinctId, properties });
  const sentAt = typeof event.sent_at === "string" ? event.sent_at : context.sentAt;
  return buildWebhookBody({
    uuid: event.uuid ?? randomUUID(),
    event: event.event,
    distinctId,
    properties,
    elementsChain,
    timestamp: eventTimestamp({ timestamp: event.timestamp, offset: event.offset, sentAt, now: context.now }),
    person,
    uiHost: context.uiHost,
  });
}
