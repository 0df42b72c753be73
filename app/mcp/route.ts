import { createMcpHandler } from "@modelcontextprotocol/server";
import { otherMethods } from "@/lib/http/api-error";
import { createActivityMcpServer } from "@/lib/mcp/activity-mcp-server";
import { getStore } from "@/lib/store/store";
import { requireViewer } from "../api/_auth/require-viewer";

export const dynamic = "force-dynamic";

// Stateless: every request gets a fresh server, so any instance answers any call (Vercel runs many). Both
// the current protocol and 2025-era clients are served; answers are JSON unless a tool streams progress.
const handler = createMcpHandler(() => createActivityMcpServer(getStore()), {
  onerror: (error) => console.warn("MCP request failed:", error.message),
});

/** The MCP server (Streamable HTTP). Agents send `Authorization: Bearer <AUTOPLAY_STREAM_TOKEN>`. */
export async function POST(request: Request): Promise<Response> {
  const viewer = await requireViewer(request);
  if (!viewer.ok) return viewer.response;
  return handler.fetch(request);
}

export const { GET, PUT, PATCH, DELETE } = otherMethods(
  ["POST"],
  "This MCP endpoint is stateless Streamable HTTP: send JSON-RPC messages with POST.",
);
