import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * A clone from a Git host has nothing beside it: no file may reach outside the repository for fixtures or code.
 * CI proves it by running the suite in a clone in an empty folder (.ci/run); this catches it before a push.
 */
const ROOT = path.resolve(__dirname, "..");
const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" })
  .split("\0")
  .filter((file) => /\.(ts|tsx|mts|cts|js|mjs|cjs|json)$/.test(file) && file !== "package-lock.json");

describe("the repository stands alone", () => {
  it("has source files to check", () => {
    expect(tracked.length).toBeGreaterThan(50);
  });

  it("reads nothing outside itself", () => {
    const outside = /(\.\.\/)+shared\b|\/work\/shared|\/work\/main/;
    const offenders = tracked.filter((file) => outside.test(readFileSync(path.join(ROOT, file), "utf8")));
    expect(offenders).toEqual([]);
  });
});
