import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { auth } from "@/auth";
import { serverEnv } from "@/lib/config/env";
import { publicOrigin } from "@/lib/http/public-origin";
import { posthogBrowserConfig } from "@/lib/posthog/browser-config";
import { PosthogProvider } from "./posthog-provider";
import "./globals.css";

const description = "Acme project workspace, instrumented with PostHog and streamed to Autoplay.";

// Page titles become PostHog's `title` property and the action titles agents read ("Page Load: Projects").
// The icons and the link card are static files in public/ (rendered by scripts/render-public-assets.ts). Link
// previews need absolute image URLs: the base is the origin this request came in on, so every deploy (preview
// URLs included) points at its own card without a variable to keep in sync.
export async function generateMetadata(): Promise<Metadata> {
  return {
    metadataBase: new URL(publicOrigin(await headers())),
    title: { template: "%s · Acme", default: "Acme" },
    description,
    icons: {
      icon: [
        { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
        { url: "/icon.svg", type: "image/svg+xml" },
      ],
      apple: { url: "/apple-icon.png", sizes: "180x180" },
    },
    openGraph: {
      type: "website",
      siteName: "Acme",
      title: "Acme: your users' live activity, in your AI agent's context",
      description,
      images: [{ url: "/og-image.png", width: 1200, height: 630, alt: "Acme: PostHog to Autoplay, as it happens" }],
    },
    twitter: { card: "summary_large_image", images: ["/og-image.png"] },
  };
}

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
