// Drives Debian's Chromium through Playwright for tests/pages.rs and
// tests/reading.rs. Each command prints one JSON document on stdout; the Rust
// tests decide what passes.
//
//   node audit.js axe ROOT SCHEME PAGE...        serious and critical axe-core violations
//   node audit.js width ROOT PAGE...             page widths at a 390 px viewport, and
//                                                the header's height at 1280 px
//   node audit.js pdf ROOT PAGE OUT.pdf          the page printed to A4
//   node audit.js filters ROOT URL ROWS [ID=VALUE...]
//                                                the rows shown at URL, then after choosing
//                                                each filter value and after a reload
//   node audit.js scroll ROOT URL ROWS           the rows shown at URL after scrolling to
//                                                the end until no more are drawn
//   node audit.js search ROOT PAGE QUERY         the header search box's results for QUERY
//   node audit.js searchpage ROOT QUERY          search.html?q=QUERY's results
//   node audit.js shots ROOT OUTDIR PAGE...      screenshots: light and dark, 1280 and 390 px
//   node audit.js timeline ROOT PAGE             the timeline at 1280 px: labels of its axis
//                                                that overlap, lane labels that run into the
//                                                bars, and where the axis is once the lanes
//                                                have scrolled under it
//
// ROOT is a built folder, or (for axe and shots) the URL of a running server
// such as `roadbook serve`.
"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");

const CHROMIUM = process.env.ROADBOOK_CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

function url(root, page) {
  return "file://" + path.resolve(root) + "/" + page;
}

// The built folder over HTTP on loopback, as a static host serves it: the 404
// page links from the site's root, which file:// does not have. A ROOT that is
// an http:// URL is a server already running (`roadbook serve`), used as it is.
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml", ".csv": "text/csv" };
function serve(root) {
  if (/^https?:\/\//.test(root)) return Promise.resolve((page) => new URL(page, root).href);
  const http = require("http");
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const file = path.join(base, path.normalize(rel).replace(/^(\.\.[\/\\])+/, ""));
    fs.readFile(file.endsWith(path.sep) ? path.join(file, "index.html") : file, (err, data) => {
      if (err) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
      res.end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    server.unref();
    resolve((page) => "http://127.0.0.1:" + server.address().port + "/" + page);
  }));
}

async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

async function axe(root, scheme, pages) {
  const source = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const browser = await launch();
  const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const found = [];
  const at = await serve(root);
  for (const p of pages) {
    await page.goto(at(p));
    await page.addScriptTag({ content: source });
    const result = await page.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
    for (const v of result.violations) {
      if (v.impact !== "serious" && v.impact !== "critical") continue;
      for (const n of v.nodes) {
        found.push({ page: p, scheme, rule: v.id, impact: v.impact, target: n.target.join(" "),
          summary: (n.failureSummary || "").split("\n").slice(0, 2).join(" ") });
      }
    }
  }
  await browser.close();
  return found;
}

async function width(root, pages) {
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const found = [];
  const at = await serve(root);
  for (const p of pages) {
    await page.goto(at(p));
    const w = await page.evaluate(() => {
      const doc = document.documentElement;
      // The widest element that sticks out, to say where to look.
      let culprit = "";
      for (const el of document.querySelectorAll("body *")) {
        const r = el.getBoundingClientRect();
        if (r.right > doc.clientWidth + 1 && !el.closest(".table-wrap, .timeline-figure, pre")) {
          culprit = el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : "");
          break;
        }
      }
      return { width: doc.scrollWidth, viewport: doc.clientWidth, culprit };
    });
    found.push(Object.assign({ page: p }, w));
  }
  // The header's height in a 1280 px window less a 16 px scrollbar: one row on
  // every page, so it never jumps.
  const wide = await (await browser.newContext({ viewport: { width: 1264, height: 900 } })).newPage();
  for (const entry of found) {
    await wide.goto(at(entry.page));
    entry.header = await wide.evaluate(() => document.querySelector(".site-header").offsetHeight);
  }
  await browser.close();
  return found;
}

async function pdf(root, p, out) {
  const browser = await launch();
  const page = await browser.newPage();
  await page.goto((await serve(root))(p));
  await page.emulateMedia({ media: "print" });
  await page.pdf({ path: out, format: "A4", printBackground: true });
  await browser.close();
  return { page: p, pdf: out };
}

async function visibleRows(page, selector) {
  return page.$$eval(selector, (rows) => rows.filter((r) => r.offsetParent !== null)
    .map((r) => r.getAttribute("data-id") || r.textContent.trim().split(/\s+/)[0]));
}

async function filters(root, start, rows, choices) {
  const browser = await launch();
  const page = await browser.newPage();
  const steps = [];
  await page.goto(url(root, start));
  steps.push({ at: "open", search: await page.evaluate(() => location.search), rows: await visibleRows(page, rows) });
  for (const choice of choices) {
    const [id, value] = choice.split("=");
    await page.selectOption("#" + id, value);
    steps.push({ at: choice, search: await page.evaluate(() => location.search), rows: await visibleRows(page, rows) });
  }
  await page.reload();
  const selects = await page.$$eval("form.filters select", (all) => Object.fromEntries(all.map((s) => [s.id, s.value])));
  steps.push({ at: "reload", search: await page.evaluate(() => location.search), rows: await visibleRows(page, rows), selects });
  await browser.close();
  return steps;
}

async function scroll(root, start, rows) {
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url(root, start));
  const opened = await visibleRows(page, rows);
  let shown = [], still = 0;
  while (still < 5) {
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForTimeout(100);
    const now = await visibleRows(page, rows);
    still = now.length === shown.length ? still + 1 : 0;
    shown = now;
  }
  const pager = await page.evaluate(() => { const p = document.getElementById("backlog-pager"); return p ? !p.hidden : null; });
  const count = await page.evaluate(() => document.getElementById("filter-count").textContent);
  await browser.close();
  return { opened, rows: shown, pager, count };
}

async function search(root, p, query) {
  const browser = await launch();
  const page = await browser.newPage();
  await page.goto(url(root, p));
  const input = page.locator("#search-input");
  await input.focus();
  // Milliseconds from the input event to the results on screen, in the page.
  await page.evaluate(() => {
    const box = document.getElementById("search-results");
    document.getElementById("search-input").addEventListener("input", () => {
      window.__typed = performance.now();
    }, { once: true });
    new MutationObserver(() => {
      if (!box.hidden && window.__shown === undefined) window.__shown = performance.now();
    }).observe(box, { attributes: true, childList: true });
  });
  await input.fill(query);
  await page.waitForSelector("#search-results:not([hidden])");
  const ms = await page.evaluate(() => Math.round(window.__shown - window.__typed));
  const result = await page.evaluate(() => {
    const box = document.getElementById("search-results");
    const input = document.getElementById("search-input");
    const groups = [...box.querySelectorAll("[role=group]")].map((g) => ({
      kind: g.getAttribute("aria-label"),
      options: [...g.querySelectorAll("[role=option]")].map((o) => ({
        href: o.getAttribute("href"), text: o.textContent.replace(/\s+/g, " ").trim(),
        marks: [...o.querySelectorAll("mark")].map((m) => m.textContent),
      })),
    }));
    return {
      role: input.getAttribute("role"), expanded: input.getAttribute("aria-expanded"),
      controls: input.getAttribute("aria-controls"), listbox: box.getAttribute("role"),
      groups,
    };
  });
  await page.keyboard.press("ArrowDown");
  result.activedescendant = await input.getAttribute("aria-activedescendant");
  result.ms = ms;
  result.scripts = await page.evaluate(() => [...document.scripts].map((s) => s.getAttribute("src")).filter(Boolean));
  await browser.close();
  return result;
}

async function searchPage(root, query) {
  const browser = await launch();
  const page = await browser.newPage();
  await page.goto(url(root, "search.html?q=" + encodeURIComponent(query)));
  await page.waitForSelector("#search-page-results .search-count");
  const result = await page.evaluate(() => ({
    count: document.querySelector("#search-page-results .search-count").textContent,
    groups: [...document.querySelectorAll("#search-page-results section")].map((s) => ({
      kind: s.querySelector("h2").textContent,
      hits: [...s.querySelectorAll("li a")].map((a) => ({
        href: a.getAttribute("href"), text: a.textContent.replace(/\s+/g, " ").trim(),
        marks: [...a.querySelectorAll("mark")].map((m) => m.textContent),
      })),
    })),
  }));
  await browser.close();
  return result;
}

async function shots(root, out, pages) {
  fs.mkdirSync(out, { recursive: true });
  const browser = await launch();
  const taken = [];
  const at = await serve(root);
  for (const scheme of ["light", "dark"]) {
    for (const w of [1280, 390]) {
      const context = await browser.newContext({ colorScheme: scheme, viewport: { width: w, height: w > 400 ? 900 : 844 } });
      const page = await context.newPage();
      for (const p of pages) {
        await page.goto(at(p));
        const file = path.join(out, p.replace(/[\/?=&]/g, "_") + "-" + scheme + "-" + w + ".png");
        await page.screenshot({ path: file, fullPage: true });
        taken.push(file);
      }
      await context.close();
    }
  }
  await browser.close();
  return taken;
}

async function timeline(root, p) {
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto((await serve(root))(p));
  const result = await page.evaluate(() => {
    const box = (el) => el.getBoundingClientRect();
    const name = (el) => el.textContent.replace(/\s+/g, " ").trim();
    const texts = [...document.querySelectorAll(".timeline-axis svg text")]
      .map((t) => ({ text: name(t), r: box(t) })).filter((t) => t.r.width > 0);
    const overlaps = [];
    texts.forEach((a, i) => texts.slice(i + 1).forEach((b) => {
      if (a.r.left < b.r.right - 0.5 && b.r.left < a.r.right - 0.5 && a.r.top < b.r.bottom - 0.5 && b.r.top < a.r.bottom - 0.5) {
        overlaps.push(a.text + " / " + b.text);
      }
    }));
    // The label column ends where the plot starts: 230 of the drawing's 960.
    const intoBars = [...document.querySelectorAll(".timeline-lane svg")].flatMap((svg) => {
      const edge = box(svg).left + box(svg).width * 230 / 960;
      return [...svg.querySelectorAll(".tl-label")].filter((l) => box(l).right > edge + 0.5).map(name);
    });
    const pane = document.querySelector(".timeline-pane");
    const axis = document.querySelector(".timeline-axis");
    pane.scrollTop = pane.scrollHeight / 2;
    return {
      labels: texts.map((t) => t.text), overlaps, intoBars,
      lanes: document.querySelectorAll("details.timeline-lane").length,
      open: document.querySelectorAll("details.timeline-lane[open]").length,
      scrolled: pane.scrollTop, paneTop: Math.round(box(pane).top), axisTop: Math.round(box(axis).top),
    };
  });
  await browser.close();
  return result;
}

// The computed value of a CSS property of every element a selector finds.
async function style(root, p, selector, property) {
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const at = await serve(root);
  await page.goto(at(p));
  const values = await page.$$eval(selector, (els, prop) =>
    els.map((el) => getComputedStyle(el).getPropertyValue(prop)), property);
  await browser.close();
  return values;
}

async function main() {
  const [command, root, ...rest] = process.argv.slice(2);
  let result;
  switch (command) {
    case "axe": result = await axe(root, rest[0], rest.slice(1)); break;
    case "width": result = await width(root, rest); break;
    case "pdf": result = await pdf(root, rest[0], rest[1]); break;
    case "filters": result = await filters(root, rest[0], rest[1], rest.slice(2)); break;
    case "scroll": result = await scroll(root, rest[0], rest[1]); break;
    case "search": result = await search(root, rest[0], rest[1]); break;
    case "searchpage": result = await searchPage(root, rest[0]); break;
    case "shots": result = await shots(root, rest[0], rest.slice(1)); break;
    case "timeline": result = await timeline(root, rest[0]); break;
    case "style": result = await style(root, rest[0], rest[1], rest[2]); break;
    default: throw new Error("unknown command " + command);
  }
  process.stdout.write(JSON.stringify(result, null, 1) + "\n");
}

main().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
