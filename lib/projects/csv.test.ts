import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  it("writes a header and rows with CRLF line ends", () => {
    expect(toCsv(["a", "b"], [["x", 1], ["y", 2]])).toBe("a,b\r\nx,1\r\ny,2\r\n");
  });

  it("quotes fields with commas, quotes or line breaks", () => {
    expect(toCsv(["v"], [['say "hi", then\nleave']])).toBe('v\r\n"say ""hi"", then\nleave"\r\n');
  });

  it("neutralises spreadsheet formulas but not negative numbers", () => {
    expect(toCsv(["v"], [["=HYPERLINK(1)"], ["@x"], [-3]])).toBe("v\r\n'=HYPERLINK(1)\r\n'@x\r\n-3\r\n");
  });
});
