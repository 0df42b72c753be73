/**
 * Renders the raster images in public/ from public/icon.svg in a real Chromium, so the favicon, the
 * Apple touch icon and the Open Graph card always match the mark the app draws (app/logo-mark.tsx).
 * Run after changing the mark or the card: `npx tsx scripts/render-public-assets.ts`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

const PUBLIC = path.resolve(__dirname, "../public");
const mark = readFileSync(path.join(PUBLIC, "icon.svg"), "utf8");
const executablePath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

/** An .ico holding PNG images (allowed since Windows Vista, read by every current browser). */
function icoFromPngs(pngs: { size: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ size, data }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(data.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...pngs.map((p) => p.data)]);
}

const card = `
<div style="width:1200px;height:630px;box-sizing:border-box;padding:88px 96px;display:flex;flex-direction:column;
  justify-content:space-between;background:linear-gradient(135deg,#eef2ff 0%,#ffffff 55%);font-family:'DejaVu Sans',sans-serif;color:#111827">
  <div style="display:flex;align-items:center;gap:24px">
    <div style="width:88px;height:88px">${mark.replace('width="32" height="32"', 'width="88" height="88"')}</div>
    <span style="font-size:44px;font-weight:700;letter-spacing:-0.5px">Acme</span>
  </div>
  <div>
    <div style="font-size:64px;font-weight:700;line-height:1.1;letter-spacing:-1px">Your users' live activity,<br>in your AI agent's context</div>
    <div style="margin-top:28px;font-size:30px;color:#4b5563">PostHog → Autoplay, as it happens · a Next.js reference app</div>
  </div>
</div>`;

async function main() {
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  const shoot = async (html: string, width: number, height: number) => {
    await page.setViewportSize({ width, height });
    await page.setContent(`<body style="margin:0">${html}</body>`);
    return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width, height } });
  };
  const icon = (size: number) => shoot(mark.replace('width="32" height="32"', `width="${size}" height="${size}"`), size, size);
  // The touch icon is shown on an opaque tile: iOS fills transparency with black, so give it the mark's own square.
  const apple = await shoot(
    `<div style="width:180px;height:180px;background:#4f46e5">${mark.replace('width="32" height="32"', 'width="180" height="180"').replace('rx="8"', 'rx="0"')}</div>`,
    180,
    180,
  );
  writeFileSync(path.join(PUBLIC, "favicon.ico"), icoFromPngs([{ size: 16, data: await icon(16) }, { size: 32, data: await icon(32) }, { size: 48, data: await icon(48) }]));
  writeFileSync(path.join(PUBLIC, "apple-icon.png"), apple);
  writeFileSync(path.join(PUBLIC, "og-image.png"), await shoot(card, 1200, 630));
  await browser.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
