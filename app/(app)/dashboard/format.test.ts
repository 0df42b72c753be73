import { describe, expect, it } from "vitest";
import { displayPath, duration, relativeTime, revealInvisible, safeHttpHref, shortId } from "./format";

describe("safeHttpHref", () => {
  it("links http and https URLs", () => {
    expect(safeHttpHref("https://app.example.com/projects/42?tab=a")).toBe("https://app.example.com/projects/42?tab=a");
    expect(safeHttpHref("http://localhost:3000/")).toBe("http://localhost:3000/");
  });

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example.com/x",
    "/relative/path",
    "not a url",
    "",
  ])("refuses %j", (value) => {
    expect(safeHttpHref(value)).toBeNull();
  });

  it("refuses null", () => {
    expect(safeHttpHref(null)).toBeNull();
  });
});

describe("displayPath", () => {
  it("shows the path and query of a URL", () => {
    expect(displayPath("https://app.example.com/projects/42?tab=a#x")).toBe("/projects/42?tab=a");
  });

  it("shows an unparseable value unchanged and a missing one as a dash", () => {
    expect(displayPath("::weird::")).toBe("::weird::");
    expect(displayPath("javascript:alert(1)")).toBe("javascript:alert(1)");
    expect(displayPath(null)).toBe("—");
  });
});

describe("relativeTime / duration / shortId", () => {
  it("reads like a person would say it", () => {
    expect(relativeTime(100, 102)).toBe("just now");
    expect(relativeTime(100, 142)).toBe("42s ago");
    expect(relativeTime(100, 100 + 5 * 60 + 10)).toBe("5m ago");
    expect(relativeTime(100, 100 + 3 * 3600)).toBe("3h ago");
    expect(relativeTime(100, 100 + 2 * 86_400)).toBe("2d ago");
    expect(relativeTime(200, 100)).toBe("just now");
    expect(duration(45)).toBe("45s");
    expect(duration(12 * 60 + 5)).toBe("12m 5s");
    expect(duration(2 * 3600 + 3 * 60)).toBe("2h 3m");
  });

  it("keeps the distinctive tail of a long id", () => {
    expect(shortId("0199a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b")).toBe("…2e3f4a5b");
    expect(shortId("short")).toBe("short");
  });
});

describe("revealInvisible", () => {
  it("shows bidi controls and zero-width characters as code points, so they can't reorder or hide text", () => {
    expect(revealInvisible("\u202Emoc.elpmaxe@exe.txt")).toBe("⟨U+202E⟩moc.elpmaxe@exe.txt");
    expect(revealInvisible("a\u200Bb\u2066c\u2069\uFEFF")).toBe("a⟨U+200B⟩b⟨U+2066⟩c⟨U+2069⟩⟨U+FEFF⟩");
  });

  it("leaves ordinary text, other scripts and emoji joiners alone", () => {
    for (const text of ["ada@example.com", "שלום", "👩\u200D💻", "ünïcødé 🙂"]) expect(revealInvisible(text)).toBe(text);
  });
});
