import { McpServer, type CallToolResult } from "@modelcontextprotocol/server";
import { z } from "zod";
import { ActionsPayloadSchema } from "../autoplay/actions-payload";
import { payloadText } from "../autoplay/activity-text";
import { SessionSummarySchema } from "../activity/session-summary";
import { linkConversation } from "../agent/link-conversation";
import { activeSessionsText, listActiveSessions } from "../agent/list-active-sessions";
import { getSessionPayload } from "../agent/session-payload";
import { liveActivityText } from "../agent/live-activity-text";
import { getUserActivity, UserActivityQuerySchema } from "../agent/user-activity";
import { ApiError } from "../http/api-error";
import type { ActivityStore } from "../store/activity-store";

const UserActivityOutput = z.object({
  user_id: z.string().nullable(),
  email: z.string().nullable(),
  sessions: z.array(ActionsPayloadSchema),
  text: z.string(),
});

/**
 * The MCP face of the agent API: the same answers as the REST routes, each as prompt-ready text plus the
 * structured payloads. A fresh server per request (stateless), so any instance can serve any call.
 */
export function createActivityMcpServer(store: ActivityStore): McpServer {
  const server = new McpServer(
    { name: "autoplay-posthog-activity", version: "0.1.0" },
    {
      instructions:
        "Live activity of this product's users, captured by PostHog: what each user is clicking and viewing right now. " +
        "Call get_live_user_activity with the user you are talking to before answering them.",
    },
  );

  server.registerTool(
    "get_live_user_activity",
    {
      title: "Live user activity",
      description:
        "What a user did in the product recently, newest session first, as prompt-ready text. Give exactly one of user_id, email or session_id.",
      inputSchema: z.object({
        user_id: z.string().min(1).optional().describe("The id the app passes to posthog.identify()"),
        email: z.string().min(1).optional().describe("The user's email, any case"),
        session_id: z.string().min(1).optional().describe("A PostHog session id (posthog.get_session_id())"),
        lookback_seconds: z.number().int().min(1).max(2_592_000).default(300).describe("Only sessions active this recently"),
        max_sessions: z.number().int().min(1).max(100).default(20),
      }),
      outputSchema: UserActivityOutput,
      annotations: { readOnlyHint: true },
    },
    async (args) =>
      answer(async () => {
        const query = UserActivityQuerySchema.parse(args);
        const activity = await getUserActivity(store, query);
        return { text: liveActivityText(activity, query.lookback_seconds), structured: activity };
      }),
  );

  server.registerTool(
    "list_active_sessions",
    {
      title: "Active sessions",
      description: "Sessions with activity in the last active_within_seconds, newest first: who, where, how many actions.",
      inputSchema: z.object({
        active_within_seconds: z.number().int().min(1).max(2_592_000).default(300),
        limit: z.number().int().min(1).max(100).default(20),
      }),
      outputSchema: z.object({
        sessions: z.array(SessionSummarySchema.extend({ conversation_id: z.string().nullable() })),
      }),
      annotations: { readOnlyHint: true },
    },
    async ({ active_within_seconds, limit }) =>
      answer(async () => {
        const sessions = await listActiveSessions(store, { activeWithinSeconds: active_within_seconds, limit });
        return { text: activeSessionsText(sessions, active_within_seconds), structured: { sessions } };
      }),
  );

  server.registerTool(
    "get_session",
    {
      title: "One session",
      description:
        "A session's actions in order, as `[index] type: description — url` lines. Pass since_index to get only actions from that index on.",
      inputSchema: z.object({
        session_id: z.string().min(1),
        since_index: z.number().int().min(0).optional().describe("Only actions with this index or later"),
      }),
      outputSchema: ActionsPayloadSchema,
      annotations: { readOnlyHint: true },
    },
    async ({ session_id, since_index }) =>
      answer(async () => {
        const payload = await getSessionPayload(store, session_id, since_index);
        return { text: payloadText(payload), structured: payload };
      }),
  );

  server.registerTool(
    "link_conversation",
    {
      title: "Link a chat conversation",
      description:
        "Links a browser session to your chat conversation, once: the first link sticks. From then on the session's actions carry conversation_id.",
      inputSchema: z.object({ session_id: z.string().min(1), conversation_id: z.string().trim().min(1).max(200) }),
      outputSchema: z.object({ session_id: z.string(), conversation_id: z.string(), changed: z.boolean() }),
      annotations: { idempotentHint: true },
    },
    async ({ session_id, conversation_id }) =>
      answer(async () => {
        const link = await linkConversation(store, session_id, conversation_id);
        const text = link.changed
          ? `Session ${session_id} is now linked to conversation ${link.conversation_id}.`
          : `Session ${session_id} was already linked to conversation ${link.conversation_id}.`;
        return { text, structured: link };
      }),
  );

  return server;
}

/**
 * A tool result: the text for the prompt and the same data structured. A caller's mistake (unknown user or
 * session, a conflicting link, a bad argument) becomes a tool error the model can read and act on.
 */
async function answer(run: () => Promise<{ text: string; structured: unknown }>): Promise<CallToolResult> {
  try {
    const { text, structured } = await run();
    return { content: [{ type: "text", text }], structuredContent: structured as Record<string, unknown> };
  } catch (error) {
    if (error instanceof ApiError) return toolError(`${error.message} ${error.hint}`);
    if (error instanceof z.ZodError) {
      return toolError(`Invalid arguments: ${error.issues.map((issue) => `${issue.path.join(".") || "arguments"}: ${issue.message}`).join("; ")}.`);
    }
    throw error;
  }
}

const toolError = (text: string): CallToolResult => ({ isError: true, content: [{ type: "text", text }] });
