/**
 * What the `get_live_user_activity` tool, and the dashboard's agent view, show: the SDK's text, or a
 * sentence saying there was nothing recent, so an agent never reads an empty answer as an error. Pure and
 * dependency-free, so the dashboard renders exactly what the tool returns.
 */
export function liveActivityText(
  activity: { text: string; user_id: string | null; email: string | null },
  lookbackSeconds: number,
): string {
  if (activity.text) return activity.text;
  const who = activity.email ?? activity.user_id ?? "this session";
  return `No activity from ${who} in the last ${lookbackSeconds} s.`;
}
