import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "../../page-header";
import { requireUser } from "../../require-user";
import { NewProjectForm } from "./new-project-form";

export const metadata: Metadata = { title: "New project" };

export default async function NewProjectPage() {
  await requireUser("/projects/new");
  return (
    <>
      <PageHeader
        breadcrumb={
          <>
            <Link href="/projects">Projects</Link>
            <span aria-hidden="true">/</span>
            <span aria-current="page">New project</span>
          </>
        }
        title="New project"
        description="Give it a name your team will recognise. You can add tasks once it exists."
      />
      <NewProjectForm />
    </>
  );
}
