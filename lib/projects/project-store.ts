import { type NewProject, NewProjectSchema, type Project, ProjectSchema } from "./project";

/**
 * The demo product's projects, in memory. Kept on globalThis so that every route bundle in one Next.js process
 * (and dev-mode hot reloads) sees the same list. Bounded: the oldest user-created projects go first.
 */
const SEED: Project[] = [
  {
    id: 42,
    name: "Website relaunch",
    description: "New marketing site, pricing page and signup flow, shipping before the autumn campaign.",
    status: "on-track",
    owner: "Maya Patel",
    createdAt: "2025-02-03T09:15:00.000Z",
  },
  {
    id: 317,
    name: "Mobile onboarding",
    description: "Shorten the first-run experience on iOS and Android from seven screens to three.",
    status: "at-risk",
    owner: "Jonas Berg",
    createdAt: "2025-03-18T14:02:00.000Z",
  },
  {
    id: 4821,
    name: "Q3 billing migration",
    description: "Move every customer from invoices to card billing without double-charging anyone.",
    status: "on-track",
    owner: "Aiko Tanaka",
    createdAt: "2025-05-27T08:40:00.000Z",
  },
  {
    id: 9050,
    name: "Support inbox cleanup",
    description: "Tag, merge and close the backlog of stale support tickets.",
    status: "paused",
    owner: "Luis Romero",
    createdAt: "2025-06-11T16:25:00.000Z",
  },
];

export const MAX_PROJECTS = 200;
const SEED_IDS = new Set(SEED.map((project) => project.id));

type ProjectStore = { projects: Map<number, Project>; nextId: number };
const globalKey = Symbol.for("acme.projectStore");
type WithStore = typeof globalThis & { [globalKey]?: ProjectStore };

function store(): ProjectStore {
  const holder = globalThis as WithStore;
  holder[globalKey] ??= freshStore();
  return holder[globalKey];
}

function freshStore(): ProjectStore {
  return { projects: new Map(SEED.map((project) => [project.id, { ...project }])), nextId: 9051 };
}

/** Newest first. */
export function listProjects(): Project[] {
  return [...store().projects.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
}

export function getProject(id: number): Project | undefined {
  return store().projects.get(id);
}

/** Parses a path segment such as "4821"; anything else (e.g. "42abc", "-1", "1e3") is no project id. */
export function parseProjectId(segment: string): number | undefined {
  if (!/^[1-9][0-9]{0,9}$/.test(segment)) return undefined;
  return Number(segment);
}

/** Validates (throws a ZodError on bad input) and stores a new project owned by `owner`. */
export function createProject(input: NewProject, owner: string, now: Date = new Date()): Project {
  const { name, description } = NewProjectSchema.parse(input);
  const current = store();
  const project = ProjectSchema.parse({
    id: current.nextId++,
    name,
    description,
    status: "on-track",
    owner,
    createdAt: now.toISOString(),
  });
  current.projects.set(project.id, project);
  evictOverflow(current);
  return project;
}

function evictOverflow(current: ProjectStore): void {
  // Map iteration is insertion order, so the first non-seed entries are the oldest user-created ones.
  for (const id of current.projects.keys()) {
    if (current.projects.size <= MAX_PROJECTS) return;
    if (!SEED_IDS.has(id)) current.projects.delete(id);
  }
}

/** Tests only: back to the seeded projects. */
export function resetProjectStore(): void {
  (globalThis as WithStore)[globalKey] = freshStore();
}
