import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getProject, parseProjectId } from "@/lib/projects/project-store";
import { type Task, projectTasks } from "@/lib/projects/project-tasks";
import { PageHeader } from "../../page-header";
import { requireUser } from "../../require-user";
import { StatusBadge } from "../status-badge";
import styles from "./project.module.css";
import { ExportCsvButton } from "./export-csv-button";

type Params = { params: Promise<{ id: string }> };

const dateFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });

const TASK_STATUS: Record<Task["status"], { label: string; className: string }> = {
  todo: { label: "To do", className: "badge" },
  "in-progress": { label: "In progress", className: "badge badge-accent" },
  done: { label: "Done", className: "badge badge-success" },
};

function findProject(segment: string) {
  const id = parseProjectId(segment);
  return id === undefined ? undefined : getProject(id);
}

// Static on purpose: Next streams generateMetadata's title after a client navigation commits, so posthog-js'
// history pageview would read an empty document.title. The project's name is in the h1.
export const metadata: Metadata = { title: "Project" };

export default async function ProjectPage({ params }: Params) {
  const { id } = await params;
  await requireUser(`/projects/${encodeURIComponent(id)}`);
  const project = findProject(id);
  if (!project) notFound();

  const tasks = projectTasks(project.id);
  const done = tasks.filter((task) => task.status === "done").length;
  const hours = tasks.reduce((sum, task) => sum + task.estimateHours, 0);

  return (
    <>
      <PageHeader
        breadcrumb={
          <>
            <Link href="/projects">Projects</Link>
            <span aria-hidden="true">/</span>
            <span aria-current="page">{project.name}</span>
          </>
        }
        title={
          <span className={styles.titleRow}>
            {project.name} <StatusBadge status={project.status} />
          </span>
        }
        description={project.description || "No description yet."}
        actions={<ExportCsvButton projectName={project.name} tasks={tasks} />}
      />

      <dl className={styles.stats}>
        <div className="card">
          <dt>Project ID</dt>
          <dd>
            <code>#{project.id}</code>
          </dd>
        </div>
        <div className="card">
          <dt>Owner</dt>
          <dd>{project.owner}</dd>
        </div>
        <div className="card">
          <dt>Progress</dt>
          <dd>
            {done} of {tasks.length} tasks done
          </dd>
        </div>
        <div className="card">
          <dt>Estimate</dt>
          <dd>{hours} hours</dd>
        </div>
      </dl>

      <section className={`card ${styles.tasks}`} aria-labelledby="tasks-title">
        <div className={styles.tasksHeader}>
          <h2 id="tasks-title">Tasks</h2>
          <span className={styles.muted}>Created {dateFormat.format(new Date(project.createdAt))}</span>
        </div>
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Task</th>
                <th scope="col">Status</th>
                <th scope="col">Assignee</th>
                <th scope="col">Due</th>
                <th scope="col" className={styles.numeric}>
                  Estimate
                </th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => (
                <tr key={task.id}>
                  <td>
                    <span className={styles.taskTitle}>{task.title}</span>
                    <span className={styles.taskId}>{task.id}</span>
                  </td>
                  <td>
                    <span className={TASK_STATUS[task.status].className}>{TASK_STATUS[task.status].label}</span>
                  </td>
                  <td>{task.assignee}</td>
                  <td className={styles.nowrap}>{dateFormat.format(new Date(`${task.due}T00:00:00Z`))}</td>
                  <td className={styles.numeric}>{task.estimateHours} h</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
