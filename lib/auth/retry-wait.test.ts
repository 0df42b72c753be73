import { describe, expect, it } from "vitest";
import { describeWait, lockedCode, waitFromCode } from "./retry-wait";

describe("describeWait", () => {
  it("rounds up to whole minutes, then hours", () => {
    expect(describeWait(1)).toBe("1 minute");
    expect(describeWait(60_000)).toBe("1 minute");
    expect(describeWait(60_001)).toBe("2 minutes");
    expect(describeWait(15 * 60_000)).toBe("15 minutes");
    expect(describeWait(119 * 60_000)).toBe("119 minutes");
    expect(describeWait(120 * 60_000)).toBe("2 hours");
    expect(describeWait(121 * 60_000)).toBe("3 hours");
    expect(describeWait(24 * 3600_000)).toBe("24 hours");
  });
});

describe("lockedCode / waitFromCode", () => {
  it("carries the wait in whole seconds through Auth.js's redirect", () => {
    expect(lockedCode(900_000)).toBe("locked-900");
    expect(lockedCode(1)).toBe("locked-1");
    expect(waitFromCode(lockedCode(900_000))).toBe(900_000);
  });
  it("ignores any other code", () => {
    for (const code of ["credentials", "locked", "locked-", "locked-9999999", "locked-1x", undefined, ["locked-5"]]) {
      expect(waitFromCode(code)).toBeNull();
    }
  });
});
