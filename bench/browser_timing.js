#!/usr/bin/env node
// How long the heaviest pages of a built site take to load in headless
// Chromium, from file:// as a reader opens them: DOMContentLoaded and load, in
// ms, median of RUNS fresh pages, and the page's size and number of DOM nodes.
//
// usage: node bench/browser_timing.js BUILT_SITE [RUNS] [PAGE ...]
//        (PAGE defaults: backlog.html traceability.html roadmap.html index.html)
// Needs the packages of tests/browser (npm ci --prefix tests/browser) and
// Debian's chromium (or ROADBOOK_CHROMIUM).
const fs = require("fs");
const path = require("path");
const { chromium } = require(path.join(__dirname, "..", "tests", "browser", "node_modules", "playwright-core"));

const CHROMIUM = process.env.ROADBOOK_CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

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
  const pages = named.length ? named : ["backlog.html", "traceability.html", "roadmap.html", "index.html"];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
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
  }
  await browser.close();
}

main().catch((e) => { console.error(e); process.exit(1); });
