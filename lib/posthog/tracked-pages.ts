/**
 * The product's pages: the only ones posthog-js captures on. The dashboard and the Connect page are the
 * operator's tools for watching users, not part of the product being watched; captured, a person watching a
 * session in a second tab would add "Page Load: Dashboard" and their own clicks to the very session they watch
 * (posthog-js shares one session across a browser's tabs). An allow-list, so a new operator page is untracked
 * until someone decides otherwise. In your own app, list your product's pages here.
 */
export const TRACKED_PATH_PREFIXES: readonly string[] = ["/login", "/projects"];

/** Is this path (`/projects/42`) a product page? Query and fragment, if any, are ignored. */
export function isTrackedPath(pathname: string): boolean {
  const path = pathname.replace(/[?#].*$/s, "");
  return TRACKED_PATH_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** Is the page at this absolute URL a product page? Anything unreadable is not. */
export function isTrackedUrl(url: string): boolean {
  try {
    return isTrackedPath(new URL(url).pathname);
  } catch {
    return false;
  }
}
