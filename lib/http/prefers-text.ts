/** True when the client asks for text/plain over JSON (e.g. `Accept: text/plain`), by order and q-values. */
export function prefersText(accept: string | null): boolean {
  if (!accept) return false;
  const quality = (type: string) => {
    let best = -1;
    for (const part of accept.split(",")) {
      const [range, ...params] = part.trim().toLowerCase().split(";");
      if (range !== type) continue;
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      best = Math.max(best, q ? Number(q.slice(2)) || 0 : 1);
    }
    return best;
  };
  const text = quality("text/plain");
  return text > 0 && text > quality("application/json");
}
