// Roadbook: search over every item and page, and backlog filters. No framework,
// no network: the index is a script file, so it loads from file:// too.
(function () {
  "use strict";
  var root = window.ROADBOOK_ROOT || "";
  var index = null;
  var waiting = [];

  function loadIndex(then) {
    if (index) { then(index); return; }
    waiting.push(then);
    if (waiting.length > 1) return;
    var s = document.createElement("script");
    s.src = root + "search-index.js";
    s.onload = function () {
      index = (window.ROADBOOK_SEARCH || []).map(function (e) {
        return { e: e, hay: (e.i + " " + e.t + " " + e.k + " " + e.x).toLowerCase(), id: e.i.toLowerCase(), title: e.t.toLowerCase() };
      });
      waiting.forEach(function (f) { f(index); });
      waiting = [];
    };
    document.head.appendChild(s);
  }

  // Every word must match; ids and titles rank first.
  function search(idx, query, limit) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    var hits = [];
    for (var n = 0; n < idx.length; n++) {
      var item = idx[n], score = 0, ok = true;
      for (var w = 0; w < words.length; w++) {
        var word = words[w];
        if (item.hay.indexOf(word) < 0) { ok = false; break; }
        if (item.id === word) score += 100;
        else if (item.id.indexOf(word) === 0) score += 20;
        if (item.title.indexOf(word) >= 0) score += 10;
      }
      if (ok) hits.push({ item: item.e, score: score });
    }
    hits.sort(function (a, b) { return b.score - a.score || a.item.i.localeCompare(b.item.i, undefined, { numeric: true }); });
    return hits.slice(0, limit);
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    if (text) node.textContent = text;
    return node;
  }

  function renderHits(container, hits, query) {
    container.textContent = "";
    if (!hits.length) {
      container.appendChild(el("p", { "class": "search-empty" }, "Nothing matches \u201c" + query + "\u201d."));
      return;
    }
    var list = el("ol");
    hits.forEach(function (h) {
      var a = el("a", { href: root + h.item.u });
      a.appendChild(el("span", { "class": "item-id" }, h.item.i + " "));
      a.appendChild(document.createTextNode(h.item.t));
      a.appendChild(el("small", {}, h.item.k + (h.item.x ? " \u2014 " + h.item.x : "")));
      var li = el("li");
      li.appendChild(a);
      list.appendChild(li);
    });
    container.appendChild(list);
  }

  function setupSearchBox() {
    var input = document.getElementById("search-input");
    var box = document.getElementById("search-results");
    if (!input || !box) return;
    var active = -1;
    input.addEventListener("focus", function () { loadIndex(function () {}); });
    input.addEventListener("input", function () {
      var q = input.value.trim();
      active = -1;
      if (!q) { box.hidden = true; return; }
      loadIndex(function (idx) {
        renderHits(box, search(idx, q, 12), q);
        box.hidden = false;
      });
    });
    input.addEventListener("keydown", function (ev) {
      var links = box.querySelectorAll("a");
      if (ev.key === "Escape") { box.hidden = true; return; }
      if (!links.length) return;
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        if (active >= 0) links[active].classList.remove("active");
        active = (active + (ev.key === "ArrowDown" ? 1 : links.length - 1)) % links.length;
        links[active].classList.add("active");
      } else if (ev.key === "Enter" && active >= 0) {
        ev.preventDefault();
        window.location.href = links[active].href;
      }
    });
    document.addEventListener("click", function (ev) {
      if (!box.contains(ev.target) && ev.target !== input) box.hidden = true;
    });
  }

  function setupSearchPage() {
    var input = document.getElementById("search-page-input");
    var out = document.getElementById("search-page-results");
    if (!input || !out) return;
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    function run() {
      var q = input.value.trim();
      if (!q) { out.textContent = ""; return; }
      loadIndex(function (idx) { renderHits(out, search(idx, q, 200), q); });
    }
    input.addEventListener("input", run);
    run();
  }

  // The table is complete without JavaScript; this only hides rows.
  function setupBacklogFilters() {
    var form = document.getElementById("backlog-filters");
    var table = document.getElementById("backlog-table");
    if (!form || !table) return;
    form.hidden = false;
    var status = document.getElementById("filter-status");
    var epic = document.getElementById("filter-epic");
    var count = document.getElementById("filter-count");
    var rows = table.tBodies[0].rows;
    function apply() {
      var s = status.value, e = epic.value, shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var r = rows[i];
        var show = (!s || r.getAttribute("data-status") === s) && (!e || r.getAttribute("data-epic") === e);
        r.hidden = !show;
        if (show) shown++;
      }
      count.textContent = shown + " of " + rows.length + " stories";
    }
    status.addEventListener("change", apply);
    epic.addEventListener("change", apply);
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    apply();
  }

  setupSearchBox();
  setupSearchPage();
  setupBacklogFilters();
})();
