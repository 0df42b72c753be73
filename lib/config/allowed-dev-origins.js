// @ts-check
/*
 * Plain JavaScript, not TypeScript like the rest of lib/: next.config.js requires it, and Node loads that
 * before anything compiles TypeScript. ALLOWED_DEV_ORIGINS is validated with the other variables in env.ts.
 */
const os = require("node:os");

/**
 * The hosts `next dev` serves its dev resources (HMR, dev chunks) to. Next 16 refuses them to any origin but
 * localhost and the `-H` host, and a page that can't load them never hydrates: opened at 127.0.0.1 or from a
 * phone on the LAN, the sign-in form would stay a plain HTML form. So: loopback in both forms, every address
 * of this machine (IPv6 in brackets, as a URL's host has it; link-local ones carry a zone no URL can), the
 * machine's name, and whatever ALLOWED_DEV_ORIGINS adds (a tunnel, `myapp.test`). Entries are host names
 * without scheme or port; `*.example.com` matches subdomains. Only `next dev` reads this: production builds
 * serve no dev resources.
 *
 * @param {NodeJS.Dict<os.NetworkInterfaceInfo[]>} [interfaces]
 * @param {string | undefined} [extra] ALLOWED_DEV_ORIGINS, comma-separated
 * @param {string} [hostname]
 * @returns {string[]}
 */
function allowedDevOrigins(interfaces = os.networkInterfaces(), extra = process.env.ALLOWED_DEV_ORIGINS, hostname = os.hostname()) {
  const hosts = ["localhost", "127.0.0.1", "[::1]"];
  for (const info of Object.values(interfaces).flat()) {
    if (!info) continue;
    if (info.family === "IPv4") hosts.push(info.address);
    else if (info.family === "IPv6" && !info.scopeid) hosts.push(`[${info.address}]`);
  }
  if (hostname) hosts.push(hostname.toLowerCase(), `${hostname.toLowerCase()}.local`);
  for (const entry of (extra ?? "").split(",")) if (entry.trim()) hosts.push(entry.trim().toLowerCase());
  return [...new Set(hosts)];
}

module.exports = { allowedDevOrigins };
