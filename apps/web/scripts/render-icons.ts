import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

// Renders the console's PNG icons from the SVG sources with Debian's Chromium. The PNGs are
// committed, so builds need no browser; run `node apps/web/scripts/render-icons.ts` again
// after changing an SVG.

const iconsDir = fileURLToPath(new URL('../public/icons/', import.meta.url));

const outputs = [
  { source: 'icon.svg', file: 'icon-192.png', size: 192 },
  { source: 'icon.svg', file: 'icon-512.png', size: 512 },
  { source: 'icon-maskable.svg', file: 'icon-maskable-512.png', size: 512 },
  // iOS draws its own rounded mask and shows transparency as black, so the touch icon
  // uses the full-bleed maskable artwork.
  { source: 'icon-maskable.svg', file: 'apple-touch-icon.png', size: 180 },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage();
  for (const output of outputs) {
    const svg = readFileSync(`${iconsDir}${output.source}`, 'utf8');
    await page.setViewportSize({ width: output.size, height: output.size });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">` +
        `<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" ` +
        `width="${output.size}" height="${output.size}" style="display:block"></body></html>`,
    );
    await page.locator('img').evaluate((image: HTMLImageElement) => image.decode());
    const png = await page.screenshot({ omitBackground: true, type: 'png' });
    writeFileSync(`${iconsDir}${output.file}`, png);
    console.log(`Wrote ${output.file} (${output.size}x${output.size})`);
  }
} finally {
  await browser.close();
}
