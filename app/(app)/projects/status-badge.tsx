import type { ProjectStatus } from "@/lib/projects/project";

const LOOK: Record<ProjectStatus, { label: string; className: string }> = {
  "on-track": { label: "On track", className: "badge badge-success" },
  "at-risk": { label: "At risk", className: "badge badge-warning" },
  paused: { label: "Paused", className: "badge" },
};

export function StatusBadge({ status }: { status: ProjectStatus }) {
  const { label, className } = LOOK[status];
  return <span className={className}>{label}</span>;
}
