import type { ReactNode } from "react";
import styles from "./page-header.module.css";

/** The heading block every signed-in page starts with: optional breadcrumb, title, one line of context, actions. */
export function PageHeader({
  title,
  description,
  actions,
  breadcrumb,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  breadcrumb?: ReactNode;
}) {
  return (
    <div className={styles.header}>
      {breadcrumb ? <nav aria-label="Breadcrumb" className={styles.breadcrumb}>{breadcrumb}</nav> : null}
      <div className={styles.row}>
        <div className={styles.text}>
          <h1>{title}</h1>
          {description ? <p className={styles.description}>{description}</p> : null}
        </div>
        {actions ? <div className={styles.actions}>{actions}</div> : null}
      </div>
    </div>
  );
}
