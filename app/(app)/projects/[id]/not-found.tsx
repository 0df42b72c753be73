import Link from "next/link";
import styles from "./project.module.css";

export default function ProjectNotFound() {
  return (
    <div className={`card ${styles.notFound}`}>
      <h1>Project not found</h1>
      <p>It may have been removed, or the link has a typo. Projects have numeric ids, like /projects/42.</p>
      <Link href="/projects" className="btn btn-primary">
        Back to projects
      </Link>
    </div>
  );
}
