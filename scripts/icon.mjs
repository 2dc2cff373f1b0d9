// npm run generate:icon: renders images/icon.svg to images/icon.png, the
// 128×128 Marketplace icon (the Marketplace takes no SVG as an extension icon).
// Debian's Chromium draws it through playwright-core, at a viewport of exactly
// 128×128 and with a transparent background, so the rounded corners stay clear.
// REDIS_HA_CHROMIUM names another Chromium. Commit the SVG and the PNG together.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SIZE = 128;
const svgPath = join(root, 'images', 'icon.svg');
const pngPath = join(root, 'images', 'icon.png');

const svg = readFileSync(svgPath, 'utf8');
const html = `<!doctype html><html><head><style>html,body{margin:0;padding:0;background:transparent}svg{display:block}</style></head><body>${svg}</body></html>`;

const browser = await chromium.launch({ executablePath: process.env.REDIS_HA_CHROMIUM ?? '/usr/bin/chromium', headless: true });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await page.setContent(html);
  const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
  const partial = `${pngPath}.${process.pid}.partial`;
  writeFileSync(partial, png);
  renameSync(partial, pngPath);
  console.log(`wrote ${pngPath} (${SIZE}×${SIZE}, ${png.length} bytes)`);
} finally {
  await browser.close();
}
