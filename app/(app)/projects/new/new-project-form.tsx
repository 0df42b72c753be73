"use client";

import Link from "next/link";
import { useActionState } from "react";
import { type NewProjectFormState, createProjectAction } from "./actions";
import styles from "./new-project.module.css";

const initialState: NewProjectFormState = { values: { name: "", description: "" }, errors: {} };

export function NewProjectForm() {
  const [state, formAction, pending] = useActionState(createProjectAction, initialState);
  const { values, errors } = state;

  return (
    // The form resets after each submit; defaultValue from the returned state keeps what the user typed.
    <form id="new-project-form" name="new-project" action={formAction} className={`card ${styles.form}`} noValidate>
      <div className="field">
        <label className="field-label" htmlFor="project-name">
          Project name
        </label>
        <input
          id="project-name"
          name="name"
          className="input"
          defaultValue={values.name}
          maxLength={80}
          required
          autoComplete="off"
          placeholder="e.g. Checkout redesign"
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? "project-name-error" : "project-name-hint"}
        />
        {errors.name ? (
          <p id="project-name-error" className="field-error">
            {errors.name}
          </p>
        ) : (
          <p id="project-name-hint" className="field-hint">
            Up to 80 characters.
          </p>
        )}
      </div>

      <div className="field">
        <label className="field-label" htmlFor="project-description">
          Description <span className={styles.optional}>(optional)</span>
        </label>
        <textarea
          id="project-description"
          name="description"
          className="input"
          defaultValue={values.description}
          maxLength={500}
          rows={4}
          placeholder="What is this project for?"
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={errors.description ? "project-description-error" : "project-description-hint"}
        />
        {errors.description ? (
          <p id="project-description-error" className="field-error">
            {errors.description}
          </p>
        ) : (
          <p id="project-description-hint" className="field-hint">
            Up to 500 characters.
          </p>
        )}
      </div>

      <div className={styles.actions}>
        <Link href="/projects" className="btn btn-ghost">
          Cancel
        </Link>
        <button id="create-project" type="submit" className="btn btn-primary" disabled={pending}>
          {pending ? "Creating…" : "Create project"}
        </button>
      </div>
    </form>
  );
}
