import { z } from "zod";

export const ProjectStatusSchema = z.enum(["on-track", "at-risk", "paused"]);

export const ProjectSchema = z.object({
  id: z.number().int().positive(),
  name: z.string().min(1).max(80),
  description: z.string().max(500),
  status: ProjectStatusSchema,
  owner: z.string().min(1),
  createdAt: z.iso.datetime(),
});
export type Project = z.infer<typeof ProjectSchema>;
export type ProjectStatus = z.infer<typeof ProjectStatusSchema>;

/** What the "New project" form submits; FormData gives strings, and a blank description means none. */
export const NewProjectSchema = z.object({
  name: z
    .string({ error: "Give the project a name." })
    .trim()
    .min(1, "Give the project a name.")
    .max(80, "Keep the name to 80 characters or fewer."),
  description: z
    .string()
    .trim()
    .max(500, "Keep the description to 500 characters or fewer.")
    .optional()
    .default(""),
});
export type NewProject = z.input<typeof NewProjectSchema>;
