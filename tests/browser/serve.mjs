#!/usr/bin/env node
// Live reload in a real browser: `cablegram serve` on a copy of the seeds, a page open in
// headless Chromium, a raw file edited on disk; the page must reload itself and show the edit,
// show a broken build as an overlay, and clear it when the file is fixed.
//
//   node tests/browser/serve.mjs CABLEGRAM_BINARY [--chromium PATH]
//
// Exits 0 when all is well, 1 when a check failed, 2 when the harness could not run.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { chromium: { type: 'string', default: process.env.CHROMIUM_PATH || '/usr/bin/chromium' } },
});
const binary = positionals[0];
if (!binary) {
  console.error('usage: node tests/browser/serve.mjs CABLEGRAM_BINARY [--chromium PATH]');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const seeds = path.resolve(here, '../fixtures/seeds');

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cablegram-serve-'));
fs.mkdirSync(path.join(root, 'content'));
for (const f of fs.readdirSync(seeds)) fs.copyFileSync(path.join(seeds, f), path.join(root, 'content', f));
fs.writeFileSync(path.join(root, 'site.toml'), 'title = "Live"\nbase_url = "https://example.github.io/repo/"\n');

let passed = 0, failed = 0;
const check = (ok, what) => { ok ? passed++ : failed++; console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); };

const server = spawn(binary, ['serve', '--port', '0', '--root', root], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (chunk) => {
    out += chunk;
    const m = out.match(/http:\/\/127\.0\.0\.1:\d+\/repo\//);
    if (m) resolve(m[0]);
  });
  server.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  setTimeout(() => reject(new Error(`no URL from serve: ${out}`)), 30_000);
}).catch((e) => { console.error(e.message); process.exit(2); });

let browser;
try {
  browser = await chromium.launch({ executablePath: values.chromium, headless: true, args: ['--no-sandbox'] });
  const page = await browser.newPage();
  const offSite = [];
  page.on('request', (r) => { if (!r.url().startsWith(url.replace(/\/repo\/$/, ''))) offSite.push(r.url()); });
  // The timeline's overview leads to its years, a year to its documents.
  await page.goto(url + 'timeline/');
  const yearHref = await page.locator('main .timeline-years > li > a[href]').first().getAttribute('href');
  const yearUrl = new URL(yearHref, url + 'timeline/').href;
  await page.goto(yearUrl);
  const href = await page.locator('main a[href*="documents/"]').first().getAttribute('href');
  await page.goto(new URL(href, yearUrl).href);
  // Edit the raw text (a word into its first paragraph): the page reloads by itself and shows it.
  const first = (await page.locator('.document-text li, .document-text p').first().textContent()).trim();
  const words = first.split(/\s+/).slice(0, 4).join(' ');
  const raw = fs.readdirSync(path.join(root, 'content')).map((f) => path.join(root, 'content', f))
    .find((f) => fs.readFileSync(f, 'utf8').includes(words));
  check(Boolean(raw), `the open page's raw file is found by its first words (${words})`);
  const text0 = fs.readFileSync(raw, 'utf8');
  const before = await page.evaluate(() => performance.timeOrigin);
  fs.writeFileSync(raw, text0.replace(words, `${words} zebrawords`));
  await page.waitForFunction(() => document.body.textContent.includes('zebrawords'), null, { timeout: 15_000 })
    .then(() => check(true, 'the page reloaded itself with the edit'), () => check(false, 'the page reloaded itself with the edit'));
  check(await page.evaluate((t) => performance.timeOrigin !== t, before), 'it was a reload, not a patch');

  // A broken record: the overlay names the file and line; the page stays.
  const bad = path.join(root, 'content', 'broken.md');
  fs.writeFileSync(bad, '+++\ntitle = "Broken\n+++\n\nText.\n');
  const overlay = page.locator('#cablegram-error');
  await overlay.waitFor({ timeout: 15_000 }).catch(() => {});
  const text = (await overlay.count()) ? await overlay.textContent() : '';
  check(text.includes('content/broken.md:2:'), `a broken build shows as an overlay naming file and line (${JSON.stringify(text.slice(0, 120))})`);
  check(await page.locator('article.document').count() === 1, 'the last good page stays under it');

  // Fixed: the next good build reloads the page, and the overlay is gone.
  fs.writeFileSync(bad, '+++\ntitle = "Mended"\n+++\n\nText.\n');
  await overlay.waitFor({ state: 'detached', timeout: 15_000 })
    .then(() => check(true, 'fixing it clears the overlay'), () => check(false, 'fixing it clears the overlay'));
  check(offSite.length === 0, `no request left the site (${offSite.join(', ')})`);
} catch (e) {
  console.error(e);
  failed++;
} finally {
  if (browser) await browser.close();
  server.kill();
  fs.rmSync(root, { recursive: true, force: true });
}
console.log(`serve in the browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
