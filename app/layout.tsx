import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { auth } from "@/auth";
import { serverEnv } from "@/lib/config/env";
import { posthogBrowserConfig } from "@/lib/posthog/browser-config";
import { PosthogProvider } from "./posthog-provider";
import "./globals.css";

// Page titles become PostHog's `title` property and the action titles agents read ("Page Load: Projects").
export const metadata: Metadata = {
  title: { template: "%s · Acme", default: "Acme" },
  description: "Acme project workspace, instrumented with PostHog and streamed to Autoplay.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#4f46e5" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await auth();
  const config = posthogBrowserConfig(serverEnv(), session?.user);
  return (
    <html lang="en">
      <body>
        <PosthogProvider config={config}>{children}</PosthogProvider>
      </body>
    </html>
  );
}
