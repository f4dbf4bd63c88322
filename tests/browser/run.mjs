#!/usr/bin/env node
// Browser end-to-end checks for a site built by cablegram.
//
//   node tests/browser/run.mjs SITE_DIR [--base-path /repo/] [--screenshots DIR]
//                              [--report FILE] [--timeout SECONDS]
//
// Serves SITE_DIR on 127.0.0.1 under the base path, drives Debian's Chromium
// through playwright-core (no browser download), runs axe-core on the main
// kinds of page (light and dark), checks what a reader would notice (skip
// link, headings, narrow screens, the timeline filter, the copy buttons, the
// site without JavaScript, broken links), takes screenshots, and runs the Nu
// HTML checker on every .html file. Exits 0 when all is well, 1 when anything
// failed, 2 when the harness itself could not run or timed out.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- options

const USAGE = 'usage: node tests/browser/run.mjs SITE_DIR [--base-path /repo/] [--screenshots DIR] '
  + '[--report FILE] [--timeout SECONDS] [--chromium PATH] [--java PATH]';
let opts;
try {
  opts = parseArgs({
    allowPositionals: true,
    options: {
      'base-path': { type: 'string', default: '/' },
      screenshots: { type: 'string' },
      report: { type: 'string' },
      timeout: { type: 'string', default: '600' },
      chromium: { type: 'string', default: process.env.CHROMIUM_PATH || '/usr/bin/chromium' },
      java: { type: 'string', default: process.env.JAVA || 'java' },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (e) {
  console.error(`${e.message}\n${USAGE}`);
  process.exit(2);
}
if (opts.values.help || opts.positionals.length !== 1) {
  console.error(USAGE);
  process.exit(opts.values.help ? 0 : 2);
}
const SITE = path.resolve(opts.positionals[0]);
if (!fs.existsSync(path.join(SITE, 'index.html'))) {
  console.error(`run.mjs: ${SITE} has no index.html: build the site first`);
  process.exit(2);
}
const BASE = ('/' + opts.values['base-path'] + '/').replace(/\/+/g, '/');
const SHOTS = opts.values.screenshots ? path.resolve(opts.values.screenshots) : null;
const TIMEOUT_S = Number(opts.values.timeout) > 0 ? Number(opts.values.timeout) : 600;
const STEP_MS = 30_000; // any one browser step
const VNU_MS = 300_000; // one Nu checker run
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const AXE_JS = require.resolve('axe-core/axe.min.js');
const VNU_JAR = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
const { chromium } = require('playwright-core');

// ---------------------------------------------------------------- results

const started = Date.now();
const results = { site: SITE, basePath: BASE, axe: [], checks: [], nu: { files: 0, errors: [] }, notes: new Set() };

function check(name, ok, detail = '') {
  results.checks.push({ name, ok: !!ok, detail });
  if (!ok) console.log(`  FAIL  ${name}${detail ? `\n        ${String(detail).replace(/\n/g, '\n        ')}` : ''}`);
  else console.log(`  ok    ${name}${detail ? ` (${detail})` : ''}`);
  return !!ok;
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000}s: ${what}`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

const short = (s, n = 160) => { s = String(s ?? '').replace(/\s+/g, ' ').trim(); return s.length > n ? s.slice(0, n - 1) + '…' : s; };

// ---------------------------------------------------------------- the site on disk

function htmlFiles(dir, rel = '') {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...htmlFiles(dir, r));
    else if (e.isFile() && /\.html?$/i.test(e.name)) out.push(r);
  }
  return out.sort();
}

function firstPageUnder(folder) {
  const dir = path.join(SITE, folder);
  if (!fs.existsSync(dir)) return null;
  const sub = fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'index.html')))
    .map((e) => e.name).sort();
  return sub.length ? `${folder}/${sub[0]}/` : null;
}

// ---------------------------------------------------------------- static server

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8', '.csv': 'text/csv; charset=utf-8', '.bib': 'application/x-bibtex; charset=utf-8',
  '.ris': 'application/x-research-info-systems; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.avif': 'image/avif',
  '.ico': 'image/x-icon', '.woff': 'font/woff', '.woff2': 'font/woff2', '.pdf': 'application/pdf',
  '.webmanifest': 'application/manifest+json',
};

// Maps a URL path to { file } | { redirect } | { bad } | null (not found).
function resolvePath(urlPath) {
  if (urlPath + '/' === BASE) return { redirect: BASE };
  if (!urlPath.startsWith(BASE)) return null;
  let rel;
  try { rel = decodeURIComponent(urlPath.slice(BASE.length)); } catch { return { bad: true }; }
  if (rel.includes('\0') || rel.split(/[\\/]/).includes('..')) return { bad: true };
  let file = path.join(SITE, rel);
  if (path.relative(SITE, file).startsWith('..')) return { bad: true };
  let st = fs.statSync(file, { throwIfNoEntry: false });
  if (st?.isDirectory()) {
    if (!urlPath.endsWith('/')) return { redirect: urlPath + '/' };
    file = path.join(file, 'index.html');
    st = fs.statSync(file, { throwIfNoEntry: false });
  }
  return st?.isFile() ? { file } : null;
}

function serve(req, res) {
  const raw = req.url.split(/[?#]/)[0];
  const send = (status, file, type) => {
    const headers = { 'Content-Type': type, 'Cache-Control': 'no-store' };
    if (!file) { res.writeHead(status, headers).end(req.method === 'HEAD' ? undefined : `${status}\n`); return; }
    headers['Content-Length'] = fs.statSync(file).size;
    res.writeHead(status, headers);
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).on('error', () => res.destroy()).pipe(res);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, null, 'text/plain');
  if (raw.split('/').includes('..')) return send(400, null, 'text/plain');
  const r = resolvePath(raw);
  if (r?.bad) return send(400, null, 'text/plain');
  if (r?.redirect) { res.writeHead(301, { Location: r.redirect }).end(); return; }
  if (r?.file) return send(200, r.file, TYPES[path.extname(r.file).toLowerCase()] || 'application/octet-stream');
  const notFound = path.join(SITE, '404.html');
  if (fs.existsSync(notFound)) return send(404, notFound, TYPES['.html']);
  return send(404, null, 'text/plain');
}

// ---------------------------------------------------------------- Nu HTML checker

let vnuChild = null;

function runVnu(files) {
  return new Promise((resolve) => {
    const args = ['-jar', VNU_JAR, '--errors-only', '--format', 'json', '--stdout', ...files];
    let out = '', err = '', done = false;
    const finish = (v) => { if (!done) { done = true; clearTimeout(timer); vnuChild = null; resolve(v); } };
    const child = spawn(opts.values.java, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    vnuChild = child;
    const timer = setTimeout(() => { child.kill('SIGKILL'); finish({ fail: `timed out after ${VNU_MS / 1000}s` }); }, VNU_MS);
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', (e) => finish({ fail: `could not start ${opts.values.java}: ${e.message} (install default-jre-headless)` }));
    child.on('close', (code) => {
      try { finish({ messages: JSON.parse(out).messages || [] }); } catch { finish({ fail: `exit ${code}: ${short(err || out, 600)}` }); }
    });
  });
}

async function nuCheck(files) {
  const messages = [];
  for (let i = 0; i < files.length; i += 1500) { // one java start per 1500 files (argument-length limit)
    const r = await runVnu(files.slice(i, i + 1500).map((f) => path.join(SITE, f)));
    if (r.fail) return { fail: r.fail };
    messages.push(...r.messages);
  }
  return { messages };
}

// ---------------------------------------------------------------- browser helpers

let origin = '';
const siteUrl = (rel) => origin + BASE + encodeURI(rel);

const problems = new WeakMap(); // page -> list of JS errors and failed loads since the last visit
function track(page) {
  problems.set(page, []);
  const add = (s) => problems.get(page).push(s);
  page.on('pageerror', (e) => add(`JavaScript error: ${short(e.message, 300)}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const at = m.location()?.url || '';
    // Chromium asks the origin for /favicon.ico when a page names no icon: noted, not failed.
    if (/^https?:\/\/[^/]+\/favicon\.ico$/.test(at)) { results.notes.add(`no <link rel=icon>: the browser asked for ${new URL(at).pathname} and got an error`); return; }
    // The page's own status is checked where it matters (the 404 page is meant to answer 404).
    if (at && at === page.url() && /^Failed to load resource/.test(m.text())) return;
    add(`console error: ${short(m.text(), 300)}${at ? ` (${at})` : ''}`);
  });
  page.on('requestfailed', (r) => add(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') add(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.setDefaultTimeout(STEP_MS);
  page.setDefaultNavigationTimeout(STEP_MS);
  return page;
}

async function visit(page, rel) {
  problems.set(page, []);
  return page.goto(siteUrl(rel), { waitUntil: 'load' });
}

const evaluate = (page, fn, arg) => withTimeout(page.evaluate(fn, arg), STEP_MS, 'page.evaluate');

async function runAxe(page, label) {
  if (!(await evaluate(page, () => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE_JS });
  const r = await withTimeout(page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
  }), AXE_TAGS), 120_000, `axe on ${label}`);
  const violations = r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.map((t) => (Array.isArray(t) ? t.join(' >> ') : t)).join(', '),
      html: short(n.html, 200),
      summary: short(n.failureSummary, 400),
    })),
  }));
  const incomplete = r.incomplete.map((v) => `${v.id} (${v.nodes.length})`);
  results.axe.push({ page: label, violations, incomplete });
  const count = violations.reduce((a, v) => a + v.nodes.length, 0);
  if (!violations.length) console.log(`  ok    axe: ${label}`);
  else {
    console.log(`  FAIL  axe: ${label}: ${violations.length} rule(s), ${count} node(s)`);
    for (const v of violations) {
      console.log(`        [${v.impact}] ${v.id}: ${v.help}`);
      for (const n of v.nodes) console.log(`          - ${n.target}\n            ${n.html}\n            ${n.summary.replace(/\n/g, ' ')}`);
    }
  }
  if (incomplete.length) console.log(`        (needs review, not failed: ${incomplete.join(', ')})`);
}

// Basic structure, keyboard and load problems of the page just visited.
async function basics(page, label, { keyboard = false } = {}) {
  const s = await evaluate(page, () => ({
    lang: document.documentElement.getAttribute('lang') || '',
    h1: document.querySelectorAll('h1').length,
    title: document.title.trim(),
    main: document.querySelectorAll('main').length,
  }));
  check(`${label}: html[lang] is set`, s.lang.trim() !== '', `lang="${s.lang}"`);
  check(`${label}: exactly one h1`, s.h1 === 1, `${s.h1} h1 element(s)`);
  check(`${label}: has a <title> and one <main>`, s.title && s.main === 1, `title "${short(s.title, 60)}", ${s.main} main`);
  if (keyboard) {
    await page.keyboard.press('Tab');
    const first = await evaluate(page, () => {
      const a = document.activeElement, r = a.getBoundingClientRect();
      return {
        tag: a.tagName.toLowerCase(), href: a.getAttribute('href') || '', text: a.textContent.trim(),
        onScreen: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight,
      };
    });
    const isSkip = first.tag === 'a' && first.href.startsWith('#') && /skip/i.test(first.text);
    check(`${label}: the first Tab focuses a skip link`, isSkip, `focused <${first.tag} href="${first.href}">${short(first.text, 40)}`);
    if (isSkip) check(`${label}: the focused skip link is visible on screen`, first.onScreen);
    await page.keyboard.press('Enter');
    const after = await evaluate(page, () => ({
      tag: document.activeElement.tagName.toLowerCase(), id: document.activeElement.id,
    }));
    check(`${label}: activating the skip link moves focus to main`, after.tag === 'main', `focus on <${after.tag}${after.id ? ` id=${after.id}` : ''}>`);
    await page.keyboard.press('Tab');
    const inMain = await evaluate(page, () => !!document.activeElement.closest('main'));
    check(`${label}: the next Tab after the skip link stays in main`, inMain);
  }
}

function reportProblems(page, label) {
  const p = problems.get(page);
  return check(`${label}: no JavaScript errors or failed loads`, p.length === 0, p.join('\n'));
}

async function overflow(page, width) {
  return evaluate(page, (W) => {
    const name = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '')
      + [...el.classList].map((c) => `.${c}`).join('');
    const path = (el) => { const p = []; for (let e = el; e && e !== document.body && p.length < 4; e = e.parentElement) p.unshift(name(e)); return p.join(' > '); };
    const wide = [...document.body.querySelectorAll('*')].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.right > W + 0.5;
    });
    const leaves = wide.filter((el) => !wide.some((o) => o !== el && el.contains(o)));
    return {
      scrollWidth: document.documentElement.scrollWidth,
      culprits: leaves.slice(0, 6).map((el) => `${path(el)} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`),
    };
  }, width);
}

// ---------------------------------------------------------------- the run

let server = null, browser = null, finished = false;

async function cleanup() {
  if (vnuChild) vnuChild.kill('SIGKILL');
  if (browser) { const b = browser; browser = null; await withTimeout(b.close(), 15_000, 'closing Chromium').catch((e) => console.error(e.message)); }
  if (server) { const s = server; server = null; s.closeAllConnections(); await new Promise((r) => s.close(r)); }
}

let harnessError = null;
const watchdog = setTimeout(async () => {
  if (finished) return;
  harnessError = `gave up after ${TIMEOUT_S}s (--timeout)`;
  console.error(`\nrun.mjs: ${harnessError}`);
  setTimeout(() => process.exit(2), 20_000); // if the run does not unwind once the browser is gone
  await withTimeout(cleanup(), 15_000, 'cleanup').catch(() => {});
}, TIMEOUT_S * 1000);

async function main() {
  const files = htmlFiles(SITE);
  results.nu.files = files.length;
  console.log(`cablegram browser checks: ${SITE} (${files.length} HTML files) under ${BASE}`);

  // The Nu checker runs in Java while the browser works.
  const nuPromise = nuCheck(files);

  server = http.createServer(serve);
  server.keepAliveTimeout = 1000;
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve); });
  origin = `http://127.0.0.1:${server.address().port}`;
  console.log(`serving at ${origin}${BASE}`);

  // playwright-core starts Chromium with its own fresh, empty --user-data-dir
  // (a temporary folder it deletes on close) and never downloads a browser.
  browser = await chromium.launch({ executablePath: opts.values.chromium, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  console.log(`Chromium ${browser.version()}`);
  const ctx = async (o = {}) => {
    const c = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', reducedMotion: 'reduce', serviceWorkers: 'block', ...o });
    c.setDefaultTimeout(STEP_MS);
    return c;
  };
  const light = await ctx({ colorScheme: 'light' });
  await light.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const dark = await ctx({ colorScheme: 'dark' });
  const noJs = await ctx({ colorScheme: 'light', javaScriptEnabled: false });

  const doc = firstPageUnder('documents');
  const person = firstPageUnder('people');
  check('the site has a document page under documents/', doc);
  check('the site has a person page under people/', person);
  // Handout pages are for paper: a single "back" link before the text, so no skip link.
  const paper = new Set(['handout', 'packet']);
  // The timeline's overview, and a year of it (where the documents are listed day by day).
  const year = firstPageUnder('timeline');
  check('the site has a year of the timeline under timeline/', year);
  const audited = [['home', ''], ['timeline', 'timeline/'], ['year', year], ['document', doc], ['people', 'people/'], ['person', person],
    ['place', firstPageUnder('places')], ['map', 'map/'], ['correspondence', 'correspondence/'],
    ['correspondent', firstPageUnder('correspondence')],
    ['handouts', 'handouts/'], ['handout', firstPageUnder('handouts')], ['packet', firstPageUnder('handouts/packets')]]
    .filter(([, rel]) => rel !== null && fs.existsSync(path.join(SITE, rel, 'index.html')));

  // 1. axe-core, structure and keyboard on the main kinds of page (light).
  console.log('\n== axe-core (light) and page structure');
  const page = track(await light.newPage());
  for (const [name, rel] of audited) {
    const label = `${name} (${rel || 'index'})`;
    const resp = await visit(page, rel);
    check(`${label}: loads with HTTP 200`, resp?.status() === 200, `HTTP ${resp?.status()}`);
    await runAxe(page, label);
    await basics(page, label, { keyboard: !paper.has(name) });
    reportProblems(page, label);
  }

  // 2. axe-core in dark mode.
  console.log('\n== axe-core (prefers-color-scheme: dark)');
  const darkPage = track(await dark.newPage());
  for (const [name, rel] of audited.filter(([n]) => ['home', 'document', 'map', 'correspondence', 'place'].includes(n))) {
    const label = `${name} (${rel || 'index'}), dark`;
    await visit(darkPage, rel);
    const bg = await evaluate(darkPage, () => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = (bg.match(/[\d.]+/g) || [255, 255, 255]).map(Number);
    check(`${label}: dark mode is in effect (dark page background)`, (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.35, `body background ${bg}`);
    await runAxe(darkPage, label);
  }

  // 3. The timeline's date-range filter.
  console.log('\n== timeline date filter (JavaScript on)');
  await visit(page, year);
  const form = page.locator('form:has(input[type=date])').first();
  if (check('timeline: the date-range filter form is visible', (await form.count()) && (await form.isVisible()))) {
    const inputs = form.locator('input[type=date]');
    const dates = [...new Set(await page.locator('[data-date]').evaluateAll((els) => els.map((e) => e.getAttribute('data-date'))))].sort();
    if (check('timeline: has dated day groups and two date inputs', dates.length && (await inputs.count()) >= 2, `${dates.length} dates`)) {
      const after = Date.parse(dates.at(-1)) + 86_400_000; // a range past the last day hides them all
      const ranges = [[dates[0], dates[0]], [dates.at(-1), dates.at(-1)], ['', '']];
      if (Number.isFinite(after)) ranges.splice(2, 0, [new Date(after).toISOString().slice(0, 10), '']);
      for (const [from, to] of ranges) {
        await inputs.nth(0).fill(from);
        await inputs.nth(1).fill(to);
        const seen = await page.locator('[data-date]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-date'), e.checkVisibility()]));
        const wrong = seen.filter(([d, vis]) => vis !== ((!from || d >= from) && (!to || d <= to)));
        const shown = seen.filter(([, v]) => v).length;
        const out = short(await form.locator('output').first().textContent().catch(() => ''), 80);
        check(`timeline: filter ${from || '…'} to ${to || '…'} shows exactly the days in range`, wrong.length === 0,
          wrong.length ? `wrong: ${wrong.map(([d, v]) => `${d} ${v ? 'shown' : 'hidden'}`).join(', ')}` : `${shown} of ${seen.length} day groups shown${out ? `; says "${out}"` : ''}`);
      }
    }
  }
  reportProblems(page, 'timeline with filter');

  // 4. Citation copy buttons on a document page.
  if (doc) {
    console.log('\n== document citation copy buttons (JavaScript on)');
    await visit(page, doc);
    const cites = await page.locator('.citation .cite').count();
    const buttons = page.locator('.citation button');
    const n = await buttons.count();
    const title = (await page.locator('h1').first().textContent()).trim();
    const bare = await page.locator('.citation .cite').evaluateAll((els, t) => els.filter((e) => e.textContent.trim() === t).map((e) => `#${e.id || '?'}`), title);
    check('document: every citation says more than the bare title', cites > 0 && bare.length === 0,
      bare.length ? `${bare.join(', ')} hold only "${short(title, 60)}"` : `${cites} citations`);
    if (check('document: there is a "Copy" button for each citation', cites > 0 && n === cites, `${cites} citations, ${n} buttons`)) {
      const expected = (await page.locator('.citation .cite').first().textContent()).trim();
      await buttons.first().click();
      await page.waitForFunction(() => document.querySelector('.citation button').textContent !== 'Copy', null, { timeout: 5000 }).catch(() => {});
      const label = await buttons.first().textContent();
      const clip = await evaluate(page, () => navigator.clipboard.readText()).catch((e) => `(clipboard unreadable: ${e.message})`);
      check('document: clicking "Copy" copies the citation and says so', clip === expected && /copied/i.test(label),
        `button now says "${label}"; clipboard ${clip === expected ? 'holds the citation' : `holds "${short(clip, 80)}"`}`);
    }
    reportProblems(page, 'document with copy buttons');
  }

  // 5. Without JavaScript.
  console.log('\n== without JavaScript');
  const plain = track(await noJs.newPage());
  if (doc) {
    await visit(plain, doc);
    const d = await evaluate(plain, () => {
      const main = document.querySelector('main');
      const paras = [...(main?.querySelectorAll('p, li') || [])].filter((e) => e.checkVisibility() && e.textContent.trim().length > 40);
      return { h1: document.querySelector('h1')?.textContent.trim() || '', paras: paras.length, chars: main?.innerText.length || 0 };
    });
    check('no JS: the document page shows its title and text', d.h1 && d.paras > 0, `h1 "${short(d.h1, 50)}", ${d.paras} visible paragraphs, ${d.chars} characters`);
  }
  await visit(plain, year);
  const t = await evaluate(plain, () => ({
    records: [...document.querySelectorAll('main a[href]')].filter((a) => a.closest('[data-date]') && a.checkVisibility()).length,
    days: document.querySelectorAll('[data-date]').length,
    filter: [...document.querySelectorAll('form')].some((f) => f.querySelector('input[type=date]') && f.checkVisibility()),
  }));
  check('no JS: the timeline lists its documents', t.days > 0 && t.records > 0, `${t.days} day groups, ${t.records} visible links in them`);
  check('no JS: the timeline hides the filter form that needs JavaScript', !t.filter);
  if (SHOTS) {
    fs.mkdirSync(SHOTS, { recursive: true });
    await plain.screenshot({ path: path.join(SHOTS, 'timeline-1280-light-nojs.png'), fullPage: true, timeout: STEP_MS });
  }

  // 6. Every page: structure, links and loads.
  console.log(`\n== every page (${files.length}): lang, one h1, internal links, loads`);
  let clean = 0;
  for (const f of files) {
    const resp = await visit(page, f);
    const s = await evaluate(page, () => {
      const targets = [];
      for (const el of document.querySelectorAll('a[href], link[href], script[src], img[src], source[src]')) {
        // SVG links (map marks, chart bars) carry href as an attribute, not a URL property.
        const u = new URL(el.getAttribute('href') ?? el.getAttribute('src'), location.href);
        if (u.origin !== location.origin) continue;
        if (u.pathname === location.pathname && u.hash) {
          const id = decodeURIComponent(u.hash.slice(1));
          if (!document.getElementById(id)) targets.push({ missingId: id, html: el.outerHTML.slice(0, 120) });
        } else targets.push({ path: u.pathname, html: el.outerHTML.slice(0, 120) });
      }
      return {
        lang: document.documentElement.getAttribute('lang') || '', h1: document.querySelectorAll('h1').length,
        title: document.title.trim(), targets,
      };
    });
    const bad = [];
    if (resp?.status() !== 200) bad.push(`HTTP ${resp?.status()}`);
    if (!s.lang.trim()) bad.push('html[lang] missing');
    if (s.h1 !== 1) bad.push(`${s.h1} h1 elements`);
    if (!s.title) bad.push('empty <title>');
    for (const tg of s.targets) {
      if (tg.missingId) bad.push(`link to missing #${tg.missingId}: ${tg.html}`);
      else if (!resolvePath(tg.path)?.file && !resolvePath(tg.path)?.redirect) bad.push(`broken link to ${tg.path}: ${tg.html}`);
    }
    bad.push(...problems.get(page));
    if (bad.length) check(`page ${f}`, false, [...new Set(bad)].join('\n'));
    else clean += 1;
  }
  check(`every page: lang, one h1, title, working internal links, no errors`, clean === files.length, `${clean} of ${files.length} pages clean`);
  const missing = await visit(page, 'no-such-page/');
  const m = await evaluate(page, () => ({ h1: document.querySelector('h1')?.textContent.trim() || '', css: [...document.styleSheets].some((sh) => { try { return sh.cssRules.length > 0; } catch { return false; } }) }));
  check('a missing page answers 404 with the styled 404 page', missing?.status() === 404 && m.h1 && m.css && problems.get(page).length === 0,
    `HTTP ${missing?.status()}, h1 "${m.h1}", stylesheet ${m.css ? 'applied' : 'NOT applied'}${problems.get(page).length ? `; ${problems.get(page).join('; ')}` : ''}`);

  // 7. Narrow screens and screenshots.
  console.log(`\n== 390 px wide: no horizontal scrolling${SHOTS ? `; screenshots into ${SHOTS}` : ''}`);
  if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
  const shotPages = [['home', ''], ['timeline', 'timeline/'], ['year', year], ['document', doc], ['map', 'map/'],
    ['correspondence', 'correspondence/'], ['place', firstPageUnder('places')]]
    .filter(([, rel]) => rel !== null && fs.existsSync(path.join(SITE, rel, 'index.html')));
  for (const [scheme, p] of [['light', page], ['dark', darkPage]]) {
    for (const width of [1280, 390]) {
      await p.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      for (const [name, rel] of shotPages) {
        await visit(p, rel);
        if (width === 390 && scheme === 'light') {
          const o = await overflow(p, width);
          check(`${name}: no horizontal scrolling at 390 px`, o.scrollWidth <= width,
            o.scrollWidth <= width ? `scrollWidth ${o.scrollWidth}` : `scrollWidth ${o.scrollWidth}; too wide: ${o.culprits.join('; ')}`);
        }
        if (SHOTS) await p.screenshot({ path: path.join(SHOTS, `${name}-${width}-${scheme}.png`), fullPage: true, timeout: STEP_MS });
      }
    }
  }

  // 8. The Nu HTML checker's verdict.
  console.log(`\n== Nu HTML checker (${files.length} files)`);
  const nu = await withTimeout(nuPromise, VNU_MS + 5000, 'Nu HTML checker');
  if (nu.fail) check('Nu HTML checker ran', false, nu.fail);
  else {
    results.nu.ran = true;
    const errs = nu.messages.filter((msg) => msg.type === 'error' || msg.type === 'non-document-error');
    results.nu.errors = errs.map((msg) => ({
      file: msg.url ? path.relative(SITE, decodeURIComponent(msg.url.replace(/^file:/, ''))) : '(checker)',
      line: msg.lastLine, column: msg.firstColumn ?? msg.lastColumn, message: msg.message, extract: short(msg.extract, 120),
    }));
    const byFile = new Map();
    for (const e of results.nu.errors) byFile.set(e.file, [...(byFile.get(e.file) || []), e]);
    for (const [file, list] of byFile) {
      console.log(`  FAIL  ${file}: ${list.length} error(s)`);
      for (const e of list) console.log(`        ${e.line}:${e.column} ${e.message}\n          ${e.extract}`);
    }
    if (!errs.length) console.log(`  ok    no errors in ${files.length} files`);
  }
}

let status = 0;
try {
  await main();
} catch (e) {
  console.error(`\nrun.mjs: the harness failed: ${e.stack || e}`);
  harnessError ??= `the harness failed: ${short(e.message || e, 300)}`;
  status = 2;
} finally {
  finished = true;
  clearTimeout(watchdog);
  await withTimeout(cleanup(), 30_000, 'cleanup').catch((e) => console.error(e.message));
}

const axeRules = results.axe.reduce((a, r) => a + r.violations.length, 0);
const axeNodes = results.axe.reduce((a, r) => a + r.violations.reduce((b, v) => b + v.nodes.length, 0), 0);
const failedChecks = results.checks.filter((c) => !c.ok);
const nuFiles = new Set(results.nu.errors.map((e) => e.file)).size;
const secs = ((Date.now() - started) / 1000).toFixed(1);
console.log('\n== Summary');
console.log(`axe-core: ${axeRules} violation(s) (${axeNodes} element(s)) in ${results.axe.filter((r) => r.violations.length).length} of ${results.axe.length} page runs`);
for (const r of results.axe) for (const v of r.violations) console.log(`  ${r.page}: [${v.impact}] ${v.id} × ${v.nodes.length}`);
console.log(`checks: ${results.checks.length - failedChecks.length} passed, ${failedChecks.length} failed`);
for (const c of failedChecks) console.log(`  ${c.name}`);
console.log(results.nu.ran ? `Nu HTML checker: ${results.nu.errors.length} error(s) in ${nuFiles} of ${results.nu.files} files`
  : 'Nu HTML checker: did not run');
if (harnessError) console.log(`HARNESS: ${harnessError}`);
for (const n of results.notes) console.log(`note: ${n}`);
console.log(`time: ${secs}s`);
if (opts.values.report) {
  fs.writeFileSync(opts.values.report, JSON.stringify({ ...results, notes: [...results.notes], seconds: Number(secs) }, null, 2));
  console.log(`report: ${path.resolve(opts.values.report)}`);
}
const total = results.checks.length + results.axe.length + (results.nu.ran ? results.nu.files : 0) + (harnessError ? 1 : 0);
const failed = failedChecks.length + results.axe.filter((r) => r.violations.length).length + nuFiles + (harnessError ? 1 : 0);
console.log(`browser: ${total - failed} passed, ${failed} failed`);
if (status === 0 && (axeRules || failedChecks.length || results.nu.errors.length)) status = 1;
process.exit(status);
