// Roadbook: search, filters and the traceability tree. No framework, no network:
// the search index is a set of script files, so it loads from file:// too, and
// every page is complete without JavaScript.
(function () {
  "use strict";
  var root = window.ROADBOOK_ROOT || "";

  // ---------------------------------------------------------------- search
  // The index (see src/render/search.rs): a manifest, term shards named by the
  // hex UTF-8 of their terms' first two characters, and chunks of documents.
  // Each file calls one of these functions when it loads.
  var store = { manifest: null, shards: {}, docs: {}, loading: {} };
  window.RB_SEARCH = {
    manifest: function (m) { store.manifest = m; },
    terms: function (key, terms) { store.shards[key] = terms; },
    docs: function (n, rows) { store.docs[n] = rows; }
  };

  // Loads `file` once; `then` runs when it has loaded (or failed to).
  function load(file, then) {
    var waiting = store.loading[file];
    if (waiting === true) { then(); return; }
    if (waiting) { waiting.push(then); return; }
    waiting = store.loading[file] = [then];
    var s = document.createElement("script");
    s.src = root + "search/" + file;
    s.onload = s.onerror = function () {
      store.loading[file] = true;
      waiting.forEach(function (f) { f(); });
    };
    document.head.appendChild(s);
  }

  function loadAll(files, then) {
    var left = files.length;
    if (!left) { then(); return; }
    files.forEach(function (f) { load(f, function () { if (--left === 0) then(); }); });
  }

  // The same words as `words` in search.rs: lower-case runs of letters and
  // digits, two characters or more.
  function words(text) {
    return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).filter(function (w) {
      return Array.from(w).length >= 2;
    });
  }

  // Light stemming: a query word becomes the root its forms share, which is
  // then matched as a prefix: "allergies" and "allergy" → "allerg", "planned"
  // and "planning" → "plan", "stories" → "stor".
  function stem(w) {
    if (w.length < 5 || /\d/.test(w)) return w;
    var r = w;
    if (/ies$/.test(r)) r = r.slice(0, -3);
    else if (/(ss|us|is)$/.test(r)) return r;
    else if (/(ches|shes|sses|xes|zes)$/.test(r)) r = r.slice(0, -2);
    else if (/s$/.test(r)) r = r.slice(0, -1);
    else if (/ing$/.test(r) && r.length > 6) r = r.slice(0, -3);
    else if (/ed$/.test(r)) r = r.slice(0, -2);
    else if (/y$/.test(r)) r = r.slice(0, -1);
    if (/([^aeiouls])\1$/.test(r)) r = r.slice(0, -1);
    return r.length >= 3 ? r : w;
  }

  function shardOf(word) {
    var pair = Array.from(word).slice(0, 2).join("");
    return Array.from(new TextEncoder().encode(pair), function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    }).join("");
  }

  function parse(query) {
    var found = words(query);
    // A whole id, such as "S-12", is a term of its own.
    (query.toLowerCase().match(/[\p{L}\p{N}]+(?:[-.][\p{L}\p{N}]+)+/gu) || []).forEach(function (id) {
      found.push(id);
    });
    return found.map(function (w) { return { word: w, root: stem(w) }; });
  }

  // Every query word must match; a word matches a term that begins with its
  // root. Ids outrank titles, titles outrank text, and whole words outrank
  // prefixes.
  function rank(query, limit, then) {
    var terms = parse(query);
    if (!terms.length) { then({ hits: [], terms: terms }); return; }
    load("manifest.js", function () {
      var m = store.manifest;
      if (!m) { then({ hits: [], terms: terms }); return; }
      var wanted = [];
      terms.forEach(function (t) {
        var key = shardOf(t.root);
        if (m.shards.indexOf(key) >= 0 && wanted.indexOf(key) < 0) wanted.push(key);
      });
      loadAll(wanted.map(function (k) { return "t-" + k + ".js"; }), function () {
        var scores = null;
        terms.forEach(function (t) {
          var shard = store.shards[shardOf(t.root)] || {};
          var best = {};
          for (var term in shard) {
            if (term.lastIndexOf(t.root, 0) !== 0) continue;
            var exact = term === t.word ? 3 : term === t.root ? 2 : 1;
            var list = shard[term], doc = 0;
            for (var i = 0; i < list.length; i++) {
              doc += list[i];
              var field = doc & 3, n = doc >> 2;
              var score = [1, 4, 8][field] * exact;
              if (!(best[n] >= score)) best[n] = score;
            }
          }
          if (scores === null) { scores = best; return; }
          var both = {};
          for (var n in scores) if (best[n]) both[n] = scores[n] + best[n];
          scores = both;
        });
        var hits = Object.keys(scores || {}).map(function (n) { return { n: +n, score: scores[n] }; });
        hits.sort(function (a, b) { return b.score - a.score || a.n - b.n; });
        var total = hits.length;
        hits = hits.slice(0, limit);
        var chunks = [];
        hits.forEach(function (h) {
          h.chunk = chunkOf(m.starts, h.n);
          if (chunks.indexOf(h.chunk) < 0) chunks.push(h.chunk);
        });
        loadAll(chunks.map(function (c) { return "docs-" + c + ".js"; }), function () {
          hits = hits.map(function (h) {
            var d = (store.docs[h.chunk] || [])[h.n - m.starts[h.chunk]];
            return d && { id: d[0], title: d[1], kind: d[2], url: d[3], text: d[4], score: h.score };
          }).filter(Boolean);
          // The words side by side, as typed ("at risk" in "at-risk"), rank first.
          if (terms.length > 1) {
            var phrase = new RegExp(terms.map(function (t) { return escapeRegExp(t.word); }).join("[\\s\\-]+"), "i");
            hits.forEach(function (h) { if (phrase.test(h.title) || phrase.test(h.text)) h.score += 10; });
            hits.sort(function (a, b) { return b.score - a.score; });
          }
          then({ hits: hits, total: total, terms: terms, kinds: m.kinds });
        });
      });
    });
  }

  // The file that holds document n: the last whose first document is ≤ n.
  function chunkOf(starts, n) {
    var lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= n) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // Hits grouped by kind, the groups in the order of their best hit.
  function grouped(hits) {
    var groups = [], byKind = {};
    hits.forEach(function (h) {
      var g = byKind[h.kind];
      if (!g) { g = byKind[h.kind] = { kind: h.kind, hits: [] }; groups.push(g); }
      g.hits.push(h);
    });
    return groups;
  }

  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // Whole words that begin with one of the roots.
  function matcher(terms) {
    var alternatives = terms.map(function (t) { return escapeRegExp(t.root); }).join("|");
    return new RegExp("(?<![\\p{L}\\p{N}])(?:" + alternatives + ")[\\p{L}\\p{N}]*", "giu");
  }

  // Appends `text` to `node` with every match in a <mark>.
  function highlight(node, text, re) {
    var last = 0, m;
    re.lastIndex = 0;
    while ((m = re.exec(text))) {
      if (!m[0]) { re.lastIndex++; continue; }
      node.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      node.appendChild(mark);
      last = m.index + m[0].length;
    }
    node.appendChild(document.createTextNode(text.slice(last)));
  }

  // About `size` characters of `text` around its first match.
  function excerpt(text, re, size) {
    re.lastIndex = 0;
    var m = re.exec(text);
    var at = m ? m.index : 0;
    var start = Math.max(0, at - Math.floor(size / 3));
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < at ? space + 1 : start;
    }
    var end = Math.min(text.length, start + size);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      if (cut > at) end = cut;
    }
    return (start > 0 ? "\u2026" : "") + text.slice(start, end) + (end < text.length ? "\u2026" : "");
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    if (text) node.textContent = text;
    return node;
  }

  // One result: its id, its title and an excerpt, matches marked.
  function fill(a, h, re) {
    a.appendChild(el("span", { "class": "item-id" }, h.id));
    a.appendChild(document.createTextNode(" "));
    var title = el("span", { "class": "hit-title" });
    highlight(title, h.title, re);
    a.appendChild(title);
    if (h.text) {
      var small = el("small");
      highlight(small, excerpt(h.text, re, 150), re);
      a.appendChild(small);
    }
  }

  // The header's search box: an ARIA combobox with a listbox of options
  // grouped by kind; the arrow keys move, Enter opens, Escape closes.
  function setupSearchBox() {
    var input = document.getElementById("search-input");
    var box = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    if (!input || !box) return;
    var active = -1, asked = 0;
    function options() { return box.querySelectorAll("[role=option]"); }
    function close() {
      box.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function select(n) {
      var all = options();
      if (active >= 0 && all[active]) all[active].setAttribute("aria-selected", "false");
      active = n;
      if (n < 0 || !all[n]) { input.removeAttribute("aria-activedescendant"); return; }
      all[n].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", all[n].id);
      all[n].scrollIntoView({ block: "nearest" });
    }
    input.addEventListener("input", function () {
      var q = input.value.trim();
      var ask = ++asked;
      if (!parse(q).length) { close(); if (status) status.textContent = ""; return; }
      rank(q, 12, function (r) {
        if (ask !== asked) return;
        box.textContent = "";
        active = -1;
        input.removeAttribute("aria-activedescendant");
        var re = matcher(r.terms), n = 0;
        grouped(r.hits).forEach(function (g) {
          var label = (r.kinds && r.kinds[g.kind]) || g.kind;
          var group = el("div", { role: "group", "aria-label": label });
          group.appendChild(el("div", { "class": "search-group", "aria-hidden": "true" }, label));
          g.hits.forEach(function (h) {
            var a = el("a", { href: root + h.url, role: "option", id: "search-option-" + n++, "aria-selected": "false", tabindex: "-1" });
            fill(a, h, re);
            group.appendChild(a);
          });
          box.appendChild(group);
        });
        var all = el("div", { role: "group", "aria-label": "All results" });
        var more = el("a", { href: root + "search.html?q=" + encodeURIComponent(q), role: "option", id: "search-option-" + n++, "aria-selected": "false", tabindex: "-1", "class": "search-more" },
          r.hits.length ? "All " + r.total + " results for \u201c" + q + "\u201d" : "Nothing matches \u201c" + q + "\u201d");
        all.appendChild(more);
        box.appendChild(all);
        box.hidden = false;
        input.setAttribute("aria-expanded", "true");
        if (status) status.textContent = r.total === 1 ? "1 result" : r.total + " results";
      });
    });
    input.addEventListener("keydown", function (ev) {
      var count = options().length;
      if (ev.key === "Escape") { close(); return; }
      if (box.hidden || !count) return;
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        select(active < 0 ? (ev.key === "ArrowDown" ? 0 : count - 1) : (active + (ev.key === "ArrowDown" ? 1 : count - 1)) % count);
      } else if (ev.key === "Enter" && active >= 0) {
        ev.preventDefault();
        window.location.href = options()[active].href;
      }
    });
    document.addEventListener("click", function (ev) {
      if (!box.contains(ev.target) && ev.target !== input) close();
    });
  }

  // search.html?q=…: every result, grouped under headings.
  function setupSearchPage() {
    var input = document.getElementById("search-page-input");
    var out = document.getElementById("search-page-results");
    if (!input || !out) return;
    input.value = new URLSearchParams(window.location.search).get("q") || "";
    var asked = 0;
    function run() {
      var q = input.value.trim();
      var ask = ++asked;
      if (!parse(q).length) { out.textContent = ""; return; }
      rank(q, 500, function (r) {
        if (ask !== asked) return;
        out.textContent = "";
        var re = matcher(r.terms);
        out.appendChild(el("p", { "class": "search-count" }, r.total === 0 ? "Nothing matches \u201c" + q + "\u201d." :
          (r.total === 1 ? "1 result" : r.total + " results") + (r.total > r.hits.length ? ", the best " + r.hits.length + " shown" : "") + "."));
        grouped(r.hits).forEach(function (g) {
          var section = el("section", { "class": "search-section" });
          section.appendChild(el("h2", {}, (r.kinds && r.kinds[g.kind]) || g.kind));
          var list = el("ol", { "class": "search-hits" });
          g.hits.forEach(function (h) {
            var a = el("a", { href: root + h.url });
            fill(a, h, re);
            var li = el("li");
            li.appendChild(a);
            list.appendChild(li);
          });
          section.appendChild(list);
          out.appendChild(section);
        });
      });
    }
    input.addEventListener("input", function () {
      var q = input.value.trim();
      history.replaceState(null, "", q ? "?q=" + encodeURIComponent(q) : location.pathname);
      run();
    });
    run();
  }

  // Each select takes the value the query string names, when it is a choice.
  function chooseFromQuery(selects) {
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (s) {
      var v = params.get(s.name);
      if (v !== null && Array.prototype.some.call(s.options, function (o) { return o.value === v; })) s.value = v;
    });
  }

  // The query string takes the selects' values, so the view can be shared.
  function keepInQuery(selects) {
    var query = new URLSearchParams(window.location.search);
    selects.forEach(function (s) { if (s.value) query.set(s.name, s.value); else query.delete(s.name); });
    var search = query.toString();
    history.replaceState(null, "", search ? "?" + search : location.pathname + location.hash);
  }

  // --------------------------------------------------------------- filters
  // A form.filters with data-rows (a selector of the rows it filters) and
  // selects named by their query key. A row matches a select when one line of
  // its data-<key> attribute is the chosen value. The choice lives in the
  // query string, so a filtered view can be shared and survives a reload.
  function setupFilters(form) {
    var rows = document.querySelectorAll(form.getAttribute("data-rows"));
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var count = form.querySelector("output");
    var noun = form.getAttribute("data-noun") || "rows";
    chooseFromQuery(selects);
    function apply() {
      var chosen = selects.filter(function (s) { return s.value; });
      var shown = 0, ids = {};
      Array.prototype.forEach.call(rows, function (r) {
        var show = chosen.every(function (s) {
          return (r.getAttribute("data-" + s.name) || "").split("\n").indexOf(s.value) >= 0;
        });
        r.hidden = !show;
        if (show) shown++;
        var link = r.querySelector("a");
        if (link) ids[link.getAttribute("href")] = show;
      });
      // Other drawings of the same items (the roadmap's timeline) dim with them.
      Array.prototype.forEach.call(document.querySelectorAll("[data-filter-dim] a"), function (a) {
        var show = ids[a.getAttribute("href")];
        a.classList.toggle("filtered-out", chosen.length > 0 && show === false);
      });
      Array.prototype.forEach.call(document.querySelectorAll("[data-filter-hide-empty] tbody tr"), function (tr) {
        tr.hidden = chosen.length > 0 && !tr.querySelector("[data-id]:not([hidden])");
      });
      count.textContent = chosen.length ? shown + " of " + rows.length + " " + noun : rows.length + " " + noun;
      keepInQuery(selects);
    }
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    form.hidden = false;
    apply();
  }

  // --------------------------------------------------------- paged backlog
  // A backlog of several pages (see src/render/backlog.rs): this page holds its
  // own rows, and backlog/rows.js holds every row. With a filter chosen, the
  // rows that match among all are drawn; with none, this page's rows stay and
  // the rows after them are drawn as the reader scrolls to the end of the table.
  var backlog = { data: null, waiting: [] };
  window.RB_BACKLOG = function (data) {
    backlog.data = data;
    backlog.waiting.splice(0).forEach(function (f) { f(); });
  };
  var CHUNK = 200;

  function setupPagedBacklog(form) {
    var offset = +form.getAttribute("data-offset");
    var total = +form.getAttribute("data-total");
    var tbody = document.querySelector("#backlog-table tbody");
    var pager = document.getElementById("backlog-pager");
    var end = document.getElementById("backlog-end");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var count = form.querySelector("output");
    var params = new URLSearchParams(window.location.search);
    chooseFromQuery(selects);
    var list = null, drawn = 0, requested = false, failed = false;
    function withData(then) {
      if (backlog.data) { then(); return; }
      backlog.waiting.push(then);
      if (requested) return;
      requested = true;
      var s = document.createElement("script");
      s.src = form.getAttribute("data-script");
      s.onerror = function () { failed = true; count.textContent = "The list of all stories could not be loaded."; };
      document.head.appendChild(s);
    }
    // The values of one row for one filter, as the one-page backlog's data- attributes.
    function values(row, key) {
      var d = backlog.data;
      switch (key) {
        case "status": return [row[3]];
        case "epic": return row[6] === null ? [] : [d.epics[row[6]][0]];
        case "initiative": return row[7] === null ? [] : [d.initiatives[row[7]][0]];
        case "sprint": return row[8] === null ? [] : [d.sprints[row[8]][0]];
        case "goal": return row[9] ? row[9].split("\n") : [];
        case "owner": return row[10] ? [row[10]] : [];
        case "label": return row[11] ? row[11].split("\n") : [];
      }
      return [];
    }
    function link(href, cls, id, title) {
      var a = el("a", cls ? { href: root + href, "class": cls } : { href: root + href });
      a.appendChild(el("span", { "class": "item-id" }, id));
      if (title !== undefined) a.appendChild(document.createTextNode(" " + title));
      return a;
    }
    // The same markup as a row of templates/backlog.html.
    function rowElement(row) {
      var d = backlog.data, tr = el("tr", { "data-id": row[0] });
      tr.appendChild(el("td", { "class": "num priority" }, row[5] === null ? "" : String(row[5])));
      var story = el("td", { "class": "story-cell" });
      story.appendChild(link(row[2], "item-link kind-story", row[0], row[1]));
      tr.appendChild(story);
      var status = el("td");
      status.appendChild(el("span", { "class": "status status-" + row[3] }, row[3].replace(/-/g, " ")));
      tr.appendChild(status);
      tr.appendChild(el("td", { "class": "num points" }, row[4] === null ? "" : String(row[4])));
      var epic = el("td", { "class": "epic-cell" });
      if (row[6] !== null) { var e = d.epics[row[6]]; epic.appendChild(link(e[2], null, e[0], e[1])); }
      tr.appendChild(epic);
      var sprint = el("td");
      if (row[8] !== null) { var p = d.sprints[row[8]]; sprint.appendChild(el("a", { href: root + p[2] }, p[0])); }
      tr.appendChild(sprint);
      return tr;
    }
    function drawMore() {
      if (!list) return;
      var rows = backlog.data.rows, stop = Math.min(list.length, drawn + CHUNK), part = document.createDocumentFragment();
      for (; drawn < stop; drawn++) part.appendChild(rowElement(rows[list[drawn]]));
      tbody.appendChild(part);
      // Still at the end of the table: draw on.
      if (drawn < list.length && end.getBoundingClientRect().top < window.innerHeight + 800) {
        window.requestAnimationFrame(drawMore);
      }
    }
    function from(start) {
      var all = [];
      for (var i = start; i < total; i++) all.push(i);
      return all;
    }
    function number(n) { return n.toLocaleString("en"); }
    function apply() {
      var chosen = selects.filter(function (s) { return s.value; });
      keepInQuery(selects);
      if (!chosen.length && !list) { count.textContent = number(total) + " stories"; return; }
      if (!backlog.data) count.textContent = "Finding the stories\u2026";
      withData(function () {
        chosen = selects.filter(function (s) { return s.value; });
        var rows = backlog.data.rows;
        if (chosen.length) {
          list = [];
          for (var i = 0; i < rows.length; i++) {
            var row = rows[i];
            if (chosen.every(function (s) { return values(row, s.name).indexOf(s.value) >= 0; })) list.push(i);
          }
          count.textContent = number(list.length) + " of " + number(total) + " stories";
        } else {
          list = from(offset);
          count.textContent = number(total) + " stories";
        }
        if (pager) pager.hidden = chosen.length > 0;
        tbody.textContent = "";
        drawn = 0;
        drawMore();
      });
    }
    if ("IntersectionObserver" in window && end) {
      new IntersectionObserver(function (entries) {
        if (!entries.some(function (e) { return e.isIntersecting; }) || failed) return;
        withData(function () {
          if (!list) { list = from(offset); drawn = tbody.rows.length; }
          drawMore();
        });
      }, { rootMargin: "0px 0px 800px 0px" }).observe(end);
    }
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    form.hidden = false;
    // The epic and initiative choices come with the rows; a shared link that
    // names one is applied once they are here.
    var fill = selects.filter(function (s) { return s.hasAttribute("data-fill"); });
    var waits = fill.some(function (s) { return params.get(s.name); });
    if (fill.length) {
      withData(function () {
        fill.forEach(function (s) {
          backlog.data[s.getAttribute("data-fill")].forEach(function (e) { s.appendChild(new Option(e[0] + " " + e[1], e[0])); });
        });
        if (waits) { chooseFromQuery(selects); apply(); }
      });
    }
    if (!waits) apply();
  }

  // ----------------------------------------------------- traceability tree
  // The tree is a nested list, open without JavaScript; with it, each node
  // gets a button that folds its children (ARIA disclosure).
  function setupTree() {
    Array.prototype.forEach.call(document.querySelectorAll(".tree .node"), function (node) {
      var list = node.nextElementSibling;
      if (!list || list.tagName !== "UL" || !list.id) return;
      var link = node.querySelector("a");
      var button = el("button", { type: "button", "class": "twisty", "aria-controls": list.id,
        "aria-label": "Contents of " + (link ? link.textContent.replace(/\s+/g, " ").trim() : "this item") });
      function set(open) {
        button.setAttribute("aria-expanded", open ? "true" : "false");
        list.hidden = !open;
      }
      set(!list.hasAttribute("data-collapsed"));
      button.addEventListener("click", function () { set(list.hidden); });
      node.insertBefore(button, node.firstChild);
    });
  }

  setupSearchBox();
  setupSearchPage();
  Array.prototype.forEach.call(document.querySelectorAll("form.filters[data-rows]"), function (form) {
    if (form.hasAttribute("data-script")) setupPagedBacklog(form); else setupFilters(form);
  });
  setupTree();
})();
