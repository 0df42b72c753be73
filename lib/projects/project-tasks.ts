import { z } from "zod";

export const TaskSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(["todo", "in-progress", "done"]),
  assignee: z.string(),
  due: z.iso.date(),
  estimateHours: z.number().int().positive(),
});
export type Task = z.infer<typeof TaskSchema>;

const VERBS = ["Draft", "Review", "Ship", "Test", "Design", "Document", "Migrate", "Audit"];
const THINGS = [
  "pricing table",
  "signup form",
  "billing webhooks",
  "empty states",
  "release notes",
  "analytics events",
  "error messages",
  "onboarding checklist",
  "CSV import",
  "settings page",
];
const PEOPLE = ["Maya Patel", "Jonas Berg", "Aiko Tanaka", "Luis Romero", "Priya Shah", "Tom Okafor"];
const STATUSES: Task["status"][] = ["todo", "in-progress", "done"];

/** mulberry32: a tiny seeded PRNG, so a project's tasks are the same on every render and in every export. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fake but deterministic tasks for a project: 5 to 9 of them, due from 2025-07-01 on. */
export function projectTasks(projectId: number): Task[] {
  const random = seeded(projectId);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const count = 5 + Math.floor(random() * 5);
  const firstDue = Date.UTC(2025, 6, 1);
  return Array.from({ length: count }, (_, index) => ({
    id: `T-${projectId}-${index + 1}`,
    title: `${pick(VERBS)} ${pick(THINGS)}`,
    status: pick(STATUSES),
    assignee: pick(PEOPLE),
    due: new Date(firstDue + (index * 4 + Math.floor(random() * 4)) * 86_400_000).toISOString().slice(0, 10),
    estimateHours: 1 + Math.floor(random() * 16),
  }));
}
