#!/usr/bin/env node
// Browser checks of full-text search, and the bytes a search downloads.
//
//   node tests/browser/search.mjs [--cablegram PATH] [--timeout SECONDS]
//       builds a fixture site (content/ plus tests/browser/fixtures/) under /repo/ with the
//       cablegram binary, then checks the search page in headless Chromium;
//   node tests/browser/search.mjs --bench SITE_DIR [--base-path /] [--query WORDS]...
//       serves a site already built and prints, as JSON, the bytes downloaded by a first query
//       (nothing cached) and by each following query on the same page.
//
// Exits 0 when all is well, 1 when a check failed, 2 when the harness could not run.

import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');

let opts;
try {
  opts = parseArgs({
    options: {
      cablegram: { type: 'string', default: path.join(process.env.CARGO_TARGET_DIR || path.join(REPO, 'target'), 'release', 'cablegram') },
      bench: { type: 'string' },
      'base-path': { type: 'string', default: '/' },
      query: { type: 'string', multiple: true, default: [] },
      timeout: { type: 'string', default: '300' },
      chromium: { type: 'string', default: process.env.CHROMIUM_PATH || '/usr/bin/chromium' },
    },
  });
} catch (e) {
  console.error(e.message);
  process.exit(2);
}
const TIMEOUT_S = Number(opts.values.timeout) > 0 ? Number(opts.values.timeout) : 300;
const STEP_MS = 30_000;
const AXE_JS = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const { chromium } = require('playwright-core');

// ---------------------------------------------------------------- the site

let SITE, BASE, tmp = null;
if (opts.values.bench) {
  SITE = path.resolve(opts.values.bench);
  BASE = ('/' + opts.values['base-path'] + '/').replace(/\/+/g, '/');
} else {
  // The sample seeds plus a Spanish memorandum (accents, another kind, another year).
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cablegram-search-'));
  const root = path.join(tmp, 'root');
  fs.mkdirSync(path.join(root, 'content'), { recursive: true });
  fs.mkdirSync(path.join(root, 'data'), { recursive: true });
  for (const f of fs.readdirSync(path.join(REPO, 'content'))) {
    if (f.endsWith('.txt') || f.endsWith('.md')) fs.copyFileSync(path.join(REPO, 'content', f), path.join(root, 'content', f));
  }
  for (const f of fs.readdirSync(path.join(HERE, 'fixtures'))) {
    fs.copyFileSync(path.join(HERE, 'fixtures', f), path.join(root, 'content', f));
  }
  fs.copyFileSync(path.join(REPO, 'data', 'gazetteer.toml'), path.join(root, 'data', 'gazetteer.toml'));
  fs.writeFileSync(path.join(root, 'site.toml'), 'title = "Search Fixture"\n');
  SITE = path.join(tmp, 'site');
  BASE = '/repo/';
  try {
    execFileSync(opts.values.cablegram, ['build', '--quiet', '--root', root, '--out', SITE,
      '--base-url', 'https://example.github.io/repo/'], { stdio: 'inherit' });
  } catch (e) {
    console.error(`search.mjs: could not build the fixture site with ${opts.values.cablegram}: ${e.message}`);
    process.exit(2);
  }
}
if (!fs.existsSync(path.join(SITE, 'search', 'index.html'))) {
  console.error(`search.mjs: ${SITE} has no search/index.html`);
  process.exit(2);
}

// ---------------------------------------------------------------- a static server counting bytes

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
};
let served = []; // { path, bytes, gzip } of every answered request since the last reset
const gzipped = new Map(); // path → size gzipped (what a host such as GitHub Pages sends)

function serve(req, res) {
  const url = req.url.split(/[?#]/)[0];
  let rel;
  try { rel = decodeURIComponent(url.slice(BASE.length)); } catch { rel = '\0'; }
  if (!url.startsWith(BASE) || rel.includes('\0') || rel.split('/').includes('..')) {
    res.writeHead(404).end();
    return;
  }
  let file = path.join(SITE, rel);
  if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) file = path.join(file, 'index.html');
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
    res.writeHead(404).end();
    return;
  }
  const body = fs.readFileSync(file);
  if (!gzipped.has(rel)) gzipped.set(rel, zlib.gzipSync(body).length);
  served.push({ path: rel, bytes: body.length, gzip: gzipped.get(rel) });
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
    'Content-Length': body.length, 'Cache-Control': 'no-store',
  }).end(body);
}

const server = http.createServer(serve);
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const searchUrl = (query = '') => `${origin}${BASE}search/index.html${query}`;

// ---------------------------------------------------------------- results

const results = [];
function check(name, ok, detail = '') {
  results.push({ name, ok: !!ok });
  console.log(`  ${ok ? 'ok  ' : 'FAIL'}  ${name}${detail ? ` (${detail})` : ''}`);
  return !!ok;
}

const watchdog = setTimeout(() => {
  console.error(`search.mjs: gave up after ${TIMEOUT_S}s`);
  process.exit(2);
}, TIMEOUT_S * 1000);

const browser = await chromium.launch({
  executablePath: opts.values.chromium,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});

// A fresh page (nothing cached) that records JS errors and every request that leaves the site.
async function freshPage(javaScript = true) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(`JavaScript error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) page.errors.push(`off-site request: ${r.url()}`); });
  page.on('response', (r) => { if (r.status() >= 400) page.errors.push(`HTTP ${r.status()}: ${r.url()}`); });
  return page;
}

// Waits until the status line reports a count, then returns the results shown.
async function shown(page) {
  await page.waitForFunction(() => /match/.test(document.getElementById('search-status')?.textContent || ''));
  return page.$$eval('.search-result', (items) => items.map((li) => ({
    title: li.querySelector('h2 a').textContent,
    href: li.querySelector('h2 a').href,
    marks: Array.from(li.querySelectorAll('mark')).map((m) => m.textContent.toLowerCase()),
  })));
}

async function query(page, params) {
  await page.goto(searchUrl('?' + new URLSearchParams(params)), { waitUntil: 'load' });
  return shown(page);
}

const titles = (rs) => rs.map((r) => r.title);

// ---------------------------------------------------------------- bench mode

// What a query downloads: the search script, the index files and the result pages it reads.
const searchFiles = (list) => list.filter((s) => s.path !== 'search/index.html' &&
  (s.path.startsWith('search/') || s.path.startsWith('documents/') || s.path === 'assets/search.js'));
const kindOf = (p) => p.startsWith('documents/') ? 'pages' : p.startsWith('search/') ? p.split('/')[1].replace(/\.json$/, '') : p;

// Types `q` into the page's box and returns what it downloaded once the results are shown.
async function measure(page, q, first) {
  const status = page.locator('#search-status');
  const before = await status.textContent();
  await page.fill('#search-q', q);
  await page.waitForFunction((b) => {
    const t = document.getElementById('search-status').textContent;
    return /match/.test(t) && t !== b;
  }, before);
  const files = searchFiles(served);
  served = [];
  return {
    query: q, first, results: await status.textContent(),
    requests: files.length, bytes: files.reduce((a, s) => a + s.bytes, 0), gzip: files.reduce((a, s) => a + s.gzip, 0),
    by_kind: Object.entries(files.reduce((a, s) => {
      a[kindOf(s.path)] = (a[kindOf(s.path)] || 0) + s.bytes;
      return a;
    }, {})).sort((a, b) => b[1] - a[1]).slice(0, 8),
  };
}

if (opts.values.bench) {
  const queries = opts.values.query.length ? opts.values.query : ['castro', 'base inspections', 'moscow'];
  const page = await freshPage();
  served = [];
  await page.goto(searchUrl(), { waitUntil: 'load' });
  const figures = { site: SITE, queries: [] };
  for (const [i, q] of queries.entries()) figures.queries.push(await measure(page, q, i === 0));
  console.log(JSON.stringify(figures, null, 2));
  clearTimeout(watchdog);
  await browser.close();
  server.close();
  process.exit(page.errors.length ? 1 : 0);
}

// ---------------------------------------------------------------- checks

const DOC_000 = 'documents/1962-11-28-cable-from-japanese-embassy-in-havana-to-tokyo/index.html';
try {
  const page = await freshPage();

  let rs = await query(page, { q: 'beachhead' });
  check('a word only in one seed finds that document alone', rs.length === 1 && rs[0].href === `${origin}${BASE}${DOC_000}`, titles(rs).join(' | '));
  check('the matched word is highlighted in the snippet', rs[0]?.marks.includes('beachhead'), rs[0]?.marks.join(','));
  const meta = await page.$eval('.search-result .record-meta', (p) => p.textContent).catch(() => '');
  check('a result shows its date and kind', /November 28, 1962/.test(meta) && /cable/.test(meta), meta);
  await page.click('.search-result h2 a');
  await page.waitForURL(`**/${DOC_000}`);
  check('a result link opens the document under the subpath', page.url() === `${origin}${BASE}${DOC_000}`, page.url());
  await page.goBack();
  rs = await shown(page);
  check('the back button returns to the result list', page.url().includes('q=beachhead') && rs.length === 1, page.url());

  const all = await query(page, { q: 'inspections' });
  const memo = await query(page, { q: 'inspections', kind: 'memorandum' });
  check('a kind filter narrows the results', all.length === 3 && memo.length === 1 && /Lázaro/.test(memo[0].title), `${all.length} → ${memo.length}`);
  const y1962 = await query(page, { q: 'inspections', from: '1962', to: '1962' });
  check('a year range narrows the results', y1962.length === 2 && y1962.every((r) => !/Lázaro/.test(r.title)), `${y1962.length}`);
  const person = await query(page, { person: 'carlos lázaro garcía' });
  check('a person filter alone lists that person\'s documents', person.length === 1 && /Lázaro/.test(person[0].title), titles(person).join(' | '));
  await page.focus('#search-person');
  await page.waitForFunction(() => document.querySelectorAll('#search-people option').length > 0);
  const suggested = await page.$$eval('#search-people option', (os) => os.map((o) => o.value));
  check('the person field suggests the names of the index once used', suggested.includes('Carlos Lázaro García'), `${suggested.length} names`);
  const archive = await query(page, { archive: 'Archivo Central del Ministerio de Relaciones Exteriores' });
  check('an archive filter alone lists its documents', archive.length === 1, `${archive.length}`);

  const words = await query(page, { q: 'base inspections' });
  const phrase = await query(page, { q: '"base inspections"' });
  check('a "phrase" matches only the words together', words.length === 3 && phrase.length === 2 && phrase.every((r) => !/Lázaro/.test(r.title)), `${words.length} → ${phrase.length}`);

  const accent = await query(page, { q: 'Lazaro Garcia' });
  check('an accented name is found without its accents', accent.length === 1 && /Lázaro García/.test(accent[0].title), titles(accent).join(' | '));
  // Seed 001 spells him "[Lazaro] Pena": both spellings are found whichever is typed.
  const both = await query(page, { q: 'Lázaro' });
  check('a name typed with its accent finds the spelling without too', both.length === 2, titles(both).join(' | '));
  const spanish = await query(page, { q: 'azúcar' });
  check('a word of a Spanish record is found', spanish.length === 1, `${spanish.length}`);

  const start = await query(page, { q: 'beachh' });
  check('the last word matches as the start of a word', start.length === 1 && start[0].marks.includes('beachhead'), titles(start).join(' | '));
  const whole = await query(page, { q: 'beachh ' });
  check('a word followed by a space matches whole words only', whole.length === 0, titles(whole).join(' | '));

  const none = await query(page, { q: 'zzyzzx' });
  const status = await page.textContent('#search-status');
  check('no match says so in the status line', none.length === 0 && /No documents/.test(status), status);

  // Typing: results as you type, the address follows, the keyboard reaches the results.
  await page.goto(searchUrl(), { waitUntil: 'load' });
  await page.focus('#search-q');
  await page.keyboard.type('guevara', { delay: 20 });
  rs = await shown(page);
  check('results appear as you type and the query goes into the address', rs.length === 1 && /[?&]q=guevara/.test(page.url()), page.url());
  await page.keyboard.press('ArrowDown');
  const focused = await page.evaluate(() => document.activeElement?.closest('.search-result') !== null);
  check('ArrowDown from the search box moves to the first result', focused);
  const live = await page.$eval('#search-status', (s) => s.getAttribute('role') === 'status' && s.getAttribute('aria-live') === 'polite');
  check('the result count is announced to screen readers', live);
  await runAxe(page, 'search page with results');
  await page.emulateMedia({ colorScheme: 'dark' });
  await runAxe(page, 'search page with results, dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // The header field of every page leads to the search page.
  await page.goto(`${origin}${BASE}index.html`, { waitUntil: 'load' });
  await page.fill('#site-search-q', 'beachhead');
  await page.press('#site-search-q', 'Enter');
  await page.waitForURL('**/search/index.html?q=beachhead');
  rs = await shown(page);
  check('the header search field leads to the search page with results', rs.length === 1, page.url());
  check('search made no off-site request and no error', page.errors.length === 0, page.errors.join('; '));

  // Bytes: a first query (nothing cached, script included) and a following one.
  const fresh = await freshPage();
  served = [];
  await fresh.goto(searchUrl(), { waitUntil: 'load' });
  const first = await measure(fresh, 'inspections', true);
  const next = await measure(fresh, 'havana', false);
  check('a first query downloads under 300 kB', first.bytes < 300_000 && first.requests > 0, `${first.bytes} bytes in ${first.requests} requests: ${JSON.stringify(first.by_kind)}`);
  check('a following query downloads under 300 kB', next.bytes < 300_000, `${next.bytes} bytes in ${next.requests} requests`);
  check('a following query does not fetch meta.json again', !next.by_kind.some(([k]) => k === 'meta') && !fresh.errors.length, JSON.stringify(next.by_kind));

  const off = await freshPage(false);
  await off.goto(searchUrl('?q=beachhead'), { waitUntil: 'load' });
  const noJs = await off.evaluate(() => ({
    message: !document.getElementById('search-unavailable').hidden && document.getElementById('search-unavailable').offsetParent !== null,
    timeline: !!document.querySelector('#search-unavailable a[href$="timeline/index.html"]'),
    form: document.getElementById('search-form').offsetParent === null,
  }));
  check('without JavaScript the page says so and offers the timeline and indexes', noJs.message && noJs.timeline && noJs.form, JSON.stringify(noJs));
  await runAxe(off, 'search page without JavaScript', false);

  // From file:// browsers refuse to fetch the index: the page says so instead of hanging.
  const local = await freshPage();
  await local.goto(`file://${path.join(SITE, 'search', 'index.html')}?q=beachhead`, { waitUntil: 'load' });
  await local.waitForFunction(() => !document.getElementById('search-unavailable').hidden, null, { timeout: 10_000 }).catch(() => {});
  const fromFile = await local.evaluate(() => ({
    message: !document.getElementById('search-unavailable').hidden && /could not start/.test(document.getElementById('search-unavailable').textContent),
    form: document.getElementById('search-form').hidden,
  }));
  check('opened from file:// the page says search cannot start there', fromFile.message && fromFile.form, JSON.stringify(fromFile));
} catch (e) {
  check(`the checks ran to the end`, false, e.message);
}

async function runAxe(page, label, inject = true) {
  // Without JavaScript the page cannot run axe itself: check the same HTML on a page that can.
  let target = page;
  if (!inject) {
    const html = await page.content();
    target = await freshPage();
    await target.goto(searchUrl(), { waitUntil: 'load' });
    await target.setContent(html.replace(/<script[^>]*search\.js[^>]*><\/script>/, ''), { waitUntil: 'load' });
  }
  await target.addScriptTag({ path: AXE_JS });
  const r = await target.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
  const detail = r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('; ');
  check(`axe: ${label}: 0 violations`, r.violations.length === 0, detail);
}

clearTimeout(watchdog);
await browser.close();
server.close();
if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
const failed = results.filter((r) => !r.ok).length;
console.log(`search: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
