/**
 * RFC 4180 CSV: CRLF line ends; a field holding a comma, quote or line break is quoted, with quotes doubled.
 * A field starting with =, +, - or @ gets a leading apostrophe so spreadsheets don't run it as a formula.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
