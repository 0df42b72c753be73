"use server";

import { redirect } from "next/navigation";
import { NewProjectSchema } from "@/lib/projects/project";
import { createProject } from "@/lib/projects/project-store";
import { requireUser } from "../../require-user";

export type NewProjectFormState = {
  values: { name: string; description: string };
  errors: { name?: string; description?: string };
};

const text = (value: FormDataEntryValue | null): string => (typeof value === "string" ? value : "");

export async function createProjectAction(_previous: NewProjectFormState, formData: FormData): Promise<NewProjectFormState> {
  // A server action is a public endpoint: check the session here, not only on the page that renders the form.
  const user = await requireUser("/projects/new");
  const values = { name: text(formData.get("name")), description: text(formData.get("description")) };
  const parsed = NewProjectSchema.safeParse(values);
  if (!parsed.success) {
    const errors: NewProjectFormState["errors"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if ((field === "name" || field === "description") && !errors[field]) errors[field] = issue.message;
    }
    return { values, errors };
  }
  const project = createProject(parsed.data, user.email);
  redirect(`/projects/${project.id}`);
}
