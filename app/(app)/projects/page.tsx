import type { Metadata } from "next";
import Link from "next/link";
import { listProjects } from "@/lib/projects/project-store";
import { projectTasks } from "@/lib/projects/project-tasks";
import { PageHeader } from "../page-header";
import { requireUser } from "../require-user";
import styles from "./projects.module.css";
import { StatusBadge } from "./status-badge";

export const metadata: Metadata = { title: "Projects" };

const dateFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });

export default async function ProjectsPage() {
  await requireUser("/projects");
  const projects = listProjects();

  return (
    <>
      <PageHeader
        title="Projects"
        description={`${projects.length} projects in your workspace. Open one to see its tasks or export them.`}
        actions={
          <Link id="new-project" href="/projects/new" className="btn btn-primary">
            <PlusIcon /> New project
          </Link>
        }
      />
      <ul className={styles.grid}>
        {projects.map((project) => {
          const tasks = projectTasks(project.id);
          const done = tasks.filter((task) => task.status === "done").length;
          return (
            <li key={project.id}>
              <Link href={`/projects/${project.id}`} className={`card ${styles.projectCard}`}>
                <div className={styles.cardTop}>
                  <h2 className={styles.projectName}>{project.name}</h2>
                  <StatusBadge status={project.status} />
                </div>
                <p className={styles.projectDescription}>{project.description || "No description yet."}</p>
                <div className={styles.progress} aria-label={`${done} of ${tasks.length} tasks done`}>
                  <span style={{ width: `${Math.round((done / tasks.length) * 100)}%` }} />
                </div>
                <dl className={styles.meta}>
                  <div>
                    <dt className="visually-hidden">Tasks</dt>
                    <dd>
                      {done}/{tasks.length} tasks done
                    </dd>
                  </div>
                  <div>
                    <dt className="visually-hidden">Owner</dt>
                    <dd>{project.owner}</dd>
                  </div>
                  <div>
                    <dt className="visually-hidden">Created</dt>
                    <dd>{dateFormat.format(new Date(project.createdAt))}</dd>
                  </div>
                </dl>
              </Link>
            </li>
          );
        })}
      </ul>
    </>
  );
}

function PlusIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}
