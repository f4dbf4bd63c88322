#!/usr/bin/env node
// Handouts on paper: prints every document handout and every packet of a built site to PDF
// with Chromium at Letter and at A4, then reads the PDFs back with poppler-utils.
//
//   node tests/browser/print.mjs SITE_DIR [--handouts SLUG,SLUG] [--max-pages N] [--shots DIR]
//                                [--chromium PATH]
//
// Prints the handouts named (default: all) and every packet. For each PDF: the page count (a
// one-document handout: at most --max-pages; a packet: a cover and each document from a new
// page), the paper size, the title and source line on page 1, no website
// navigation, no link addresses sprayed inline, type of at least 12 pt (14 pt for the text),
// and every paragraph the page shows present in the text pdftotext extracts. Page 1 of each is
// written as a PNG to --shots for a person to look at. Exits 0 when all is well, 1 when a check
// failed, 2 when the harness could not run.

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const USAGE = 'usage: node tests/browser/print.mjs SITE_DIR [--handouts SLUG,SLUG] [--max-pages N] [--shots DIR] [--chromium PATH]';
let opts;
try {
  opts = parseArgs({
    allowPositionals: true,
    options: {
      shots: { type: 'string' },
      handouts: { type: 'string' },
      'max-pages': { type: 'string' },
      chromium: { type: 'string', default: process.env.CHROMIUM_PATH || '/usr/bin/chromium' },
    },
  });
} catch (e) {
  console.error(`${e.message}\n${USAGE}`);
  process.exit(2);
}
if (opts.positionals.length !== 1) {
  console.error(USAGE);
  process.exit(2);
}
const SITE = path.resolve(opts.positionals[0]);
const SHOTS = opts.values.shots ? path.resolve(opts.values.shots) : fs.mkdtempSync('/tmp/cablegram-print-');
fs.mkdirSync(SHOTS, { recursive: true });
const OUT = fs.mkdtempSync('/tmp/cablegram-pdf-');

let failures = 0;
let passes = 0;
function check(name, ok, detail = '') {
  if (ok) {
    passes += 1;
  } else {
    failures += 1;
    console.log(`FAIL ${name}${detail ? `: ${detail}` : ''}`);
  }
}

function tool(name, args) {
  return execFileSync(name, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
}

// The words of a text as a reader would compare them: lower case, letters only, numbers dropped
// (line numbers, page numbers and paragraph numbers are layout, not text).
function words(text) {
  return text
    .toLowerCase()
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((w) => w && !/^\p{N}+$/u.test(w));
}

// The PDF's text, page by page, without the footer line of each page.
function pdfPages(pdf, count) {
  const pages = [];
  for (let n = 1; n <= count; n += 1) {
    const text = tool('pdftotext', ['-layout', '-f', String(n), '-l', String(n), pdf, '-']);
    pages.push(text.split('\n').filter((l) => !/Page \d+ of \d+/.test(l)).join('\n'));
  }
  return pages;
}

function info(pdf) {
  const out = tool('pdfinfo', [pdf]);
  const pages = Number((out.match(/^Pages:\s+(\d+)/m) || [])[1] || 0);
  const size = (out.match(/^Page size:\s+([\d.]+) x ([\d.]+)/m) || []).slice(1).map(Number);
  return { pages, size };
}

// Width and height in points (Chromium rounds A4 to its inch size: within 2 pt).
const PAPERS = [
  { format: 'Letter', size: [612, 792] },
  { format: 'A4', size: [595.3, 841.9] },
];
const NAVIGATION = ['Back to the document', 'All handouts', 'print this page', 'Download the PDF',
  'Timeline', 'Skip to content', 'Search'];

const MAX_PAGES = Number(opts.values['max-pages']) || Infinity;
const wanted = opts.values.handouts ? new Set(opts.values.handouts.split(',')) : null;
const handouts = fs.readdirSync(path.join(SITE, 'handouts'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'packets' && (!wanted || wanted.has(d.name)))
  .map((d) => `handouts/${d.name}/index.html`);
if (wanted && handouts.length !== wanted.size) {
  console.error(`print.mjs: not every handout of --handouts is in ${SITE}`);
  process.exit(2);
}
const packetsDir = path.join(SITE, 'handouts', 'packets');
const packets = fs.existsSync(packetsDir)
  ? fs.readdirSync(packetsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory()).map((d) => `handouts/packets/${d.name}/index.html`)
  : [];
if (handouts.length === 0 || packets.length === 0) {
  console.error(`print.mjs: ${SITE} has no handouts or no packets: build the sample site first`);
  process.exit(2);
}

let browser;
try {
  browser = await chromium.launch({
    executablePath: opts.values.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
    timeout: 60_000,
  });
} catch (e) {
  console.error(`print.mjs: cannot start Chromium: ${e.message}`);
  process.exit(2);
}

try {
  const page = await browser.newPage();
  for (const rel of [...handouts, ...packets]) {
    const isPacket = rel.includes('/packets/');
    await page.goto(`file://${path.join(SITE, rel)}`);
    await page.emulateMedia({ media: 'print' });
    // What the page shows: each document's title and paragraphs (without line numbers).
    const shown = await page.evaluate(() => {
      const text = (el) => {
        const copy = el.cloneNode(true);
        copy.querySelectorAll('.ln').forEach((n) => n.remove());
        copy.querySelectorAll('br').forEach((n) => n.replaceWith(' '));
        return copy.textContent;
      };
      const px = (el) => (el ? parseFloat(getComputedStyle(el).fontSize) : 0);
      return {
        title: document.querySelector('h1').textContent.trim(),
        documents: [...document.querySelectorAll('.handout-document')].map((d) => ({
          title: d.querySelector('.handout-title').textContent.trim(),
          paragraphs: [...d.querySelectorAll('.text > ol > li, .text > p:not(.elision)')].map(text),
        })),
        // The addresses a reader is meant to see: in source lines and under the titles.
        addresses: [...document.querySelectorAll('.source, .address, .contents-source')]
          .map((el) => (el.textContent.match(/https?:\/\//g) || []).length).reduce((a, b) => a + b, 0),
        textPx: px(document.querySelector('.text li, .text p')),
        smallestPx: Math.min(...[...document.querySelectorAll('.handout-document p, .handout-document li, .handout-document dd')]
          .filter((el) => !el.closest('.handout-credits')).map(px)),
      };
    });
    check(`${rel}: the text is at least 14 pt in print`, shown.textPx >= 18.6, `${shown.textPx}px`);
    check(`${rel}: nothing but the credits under 12 pt in print`, shown.smallestPx >= 15.9, `${shown.smallestPx}px`);
    for (const paper of PAPERS) {
      const label = `${rel} (${paper.format})`;
      const pdf = path.join(OUT, `${rel.replace(/\/index\.html$/, '').replace(/\//g, '_')}-${paper.format}.pdf`);
      await page.pdf({ path: pdf, format: paper.format, printBackground: true });
      const { pages, size } = info(pdf);
      const fits = size.length === 2 && size.every((v, i) => Math.abs(v - paper.size[i]) < 2);
      check(`${label}: printed on ${paper.format}`, fits, size.join(' x '));
      const texts = pdfPages(pdf, pages);
      const all = texts.join('\n');
      if (isPacket) {
        const docs = shown.documents.length;
        check(`${label}: a cover and each of ${docs} documents from a new page`, pages >= docs + 1, `${pages} pages`);
        check(`${label}: the cover has the packet's title`, words(texts[0]).join(' ').includes(words(shown.title).join(' ')));
        // Document k starts page p_k, in order.
        let last = 0;
        shown.documents.forEach((d, k) => {
          const start = texts.findIndex((t, i) => i > last && t.trimStart().startsWith(`Document ${k + 1}:`));
          check(`${label}: document ${k + 1} starts a new page after the one before`, start > last, `page ${start + 1}`);
          last = Math.max(start, last);
        });
      } else {
        check(`${label}: one document on 1–${MAX_PAGES} pages`, pages >= 1 && pages <= MAX_PAGES, `${pages} pages`);
        const first = words(texts[0]).join(' ');
        check(`${label}: page 1 has the title`, first.includes(words(shown.title).join(' ')));
      }
      // Each document's first page has its source line (a packet's cover lists them all).
      const firsts = isPacket
        ? shown.documents.map((d, k) => texts.find((t) => t.trimStart().startsWith(`Document ${k + 1}:`)) || '')
        : [texts[0]];
      firsts.forEach((t, k) => check(`${label}: document ${k + 1} has its source line on its first page`, /Source( \(excerpt\))?:/.test(t)));
      for (const nav of NAVIGATION) {
        check(`${label}: no "${nav}" from the website`, !all.includes(nav));
      }
      const urls = (all.match(/https?:\/\//g) || []).length;
      check(`${label}: no link addresses sprayed inline`, urls <= shown.addresses, `${urls} addresses, ${shown.addresses} in source lines`);
      const flat = ` ${words(all).join(' ')} `;
      shown.documents.forEach((d, k) => {
        d.paragraphs.forEach((p, i) => {
          const want = ` ${words(p).join(' ')} `;
          check(`${label}: document ${k + 1} paragraph ${i + 1} is in the PDF`, flat.includes(want), want.slice(0, 80));
        });
      });
      const png = path.join(SHOTS, path.basename(pdf, '.pdf'));
      tool('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, png]);
    }
  }
} catch (e) {
  console.error(`print.mjs: ${e.stack || e}`);
  await browser.close();
  process.exit(2);
}
await browser.close();
console.log(`print: ${passes}/${passes + failures} checks passed; page 1 of each PDF in ${SHOTS}`);
process.exit(failures ? 1 : 0);
