#!/usr/bin/env node
// How long the heaviest pages of a built site take to load in headless
// Chromium, from file:// as a reader opens them: DOMContentLoaded and load, in
// ms, median of RUNS fresh pages, and the page's size and number of DOM nodes.
//
// usage: node bench/browser_timing.js BUILT_SITE [RUNS] [PAGE ...]
//        (PAGE defaults: every page of the top folder, and the largest page
//        of each folder below it: the heaviest of each kind bounds the time of
//        the others, which are made by the same template from less)
// Needs the packages of tests/browser (npm ci --prefix tests/browser) and
// Debian's chromium (or ROADBOOK_CHROMIUM).
const fs = require("fs");
const path = require("path");
const { chromium } = require(path.join(__dirname, "..", "tests", "browser", "node_modules", "playwright-core"));

const CHROMIUM = process.env.ROADBOOK_CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

// The pages of the top folder, then the largest page of each folder below.
function pagesToTime(root) {
  const top = [];
  const largest = new Map();
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name.endsWith(".html")) {
        const rel = path.relative(root, full);
        const folder = path.dirname(rel);
        const size = fs.statSync(full).size;
        if (folder === ".") top.push(rel);
        else if (!largest.has(folder) || largest.get(folder)[0] < size) largest.set(folder, [size, rel]);
      }
    }
  };
  walk(root);
  return [...top.sort(), ...[...largest.keys()].sort().map((f) => largest.get(f)[1])];
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const [root, runsArg, ...named] = process.argv.slice(2);
  if (!root) {
    console.error("usage: node bench/browser_timing.js BUILT_SITE [RUNS] [PAGE ...]");
    process.exit(2);
  }
  const runs = Number(runsArg || 5);
  const pages = named.length ? named : pagesToTime(root);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const slowest = { page: "", ready: 0 };
  console.log("| page | size (KB) | DOM nodes | DOMContentLoaded (ms) | load (ms) |");
  console.log("|---|---:|---:|---:|---:|");
  for (const page of pages) {
    const file = path.resolve(root, page);
    if (!fs.existsSync(file)) continue;
    const ready = [];
    const loaded = [];
    let nodes = 0;
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const tab = await context.newPage();
      await tab.goto("file://" + file, { waitUntil: "load", timeout: 120000 });
      const timing = await tab.evaluate(() => {
        const nav = performance.getEntriesByType("navigation")[0];
        return { ready: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, nodes: document.getElementsByTagName("*").length };
      });
      ready.push(timing.ready);
      loaded.push(timing.load);
      nodes = timing.nodes;
      await context.close();
    }
    const kb = Math.round(fs.statSync(file).size / 1024);
    console.log(`| ${page} | ${kb} | ${nodes} | ${Math.round(median(ready))} | ${Math.round(median(loaded))} |`);
    if (median(ready) > slowest.ready) Object.assign(slowest, { page, ready: median(ready) });
  }
  console.log(`\nslowest DOMContentLoaded: ${slowest.page}, ${Math.round(slowest.ready)} ms`);
  await browser.close();
}

main().catch((e) => { console.error(e); process.exit(1); });
