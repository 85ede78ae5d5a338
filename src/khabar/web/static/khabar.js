// khabar web: small vanilla JS. Reads data-* attributes and writes with textContent only (never innerHTML).
"use strict";
(function () {
  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  var SVG = "http://www.w3.org/2000/svg";

  // ---- article page: details panel, highlight <-> card links, tabs
  function setText(id, value) { var el = document.getElementById(id); if (el) { el.textContent = value || "—"; } }
  function select(el) {
    $all(".selected").forEach(function (x) { x.classList.remove("selected"); });
    el.classList.add("selected");
    var d = el.dataset;
    setText("d-kind", d.kind); setText("d-text", d.text || el.textContent.trim().slice(0, 120));
    setText("d-code", d.code); setText("d-name", d.name); setText("d-rule", d.eventRule || d.rule);
    var panel = $("#details"); if (panel) { panel.classList.add("filled"); }
  }
  function initArticle() {
    $all("mark.hl[id]").forEach(function (m) {
      m.addEventListener("click", function (ev) {
        ev.stopPropagation(); select(m);
        var evs = (m.dataset.events || "").split(" ").filter(Boolean);
        evs.forEach(function (id) { var c = document.getElementById(id); if (c) { c.classList.add("selected"); } });
      });
      m.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { m.click(); } });
    });
    $all(".card").forEach(function (card) {
      card.addEventListener("click", function (ev) {
        if (ev.target.closest("a, summary")) { if (!ev.target.classList.contains("evidence")) { return; } ev.preventDefault(); }
        select(card);
        var span = card.dataset.span && document.getElementById(card.dataset.span);
        if (span) { span.classList.add("selected"); span.scrollIntoView({ block: "center", behavior: "smooth" }); }
      });
    });
    $all(".tab").forEach(function (tab) {
      tab.addEventListener("click", function () {
        $all(".tab").forEach(function (x) { x.classList.toggle("active", x === tab); });
        $all(".tabpanel").forEach(function (p) { p.hidden = p.id !== tab.dataset.tab; });
      });
    });
  }

  // ---- legends: colours from data-color (CSP forbids inline style attributes)
  function initSwatches() {
    $all(".swatch[data-color]").forEach(function (s) { s.style.background = s.dataset.color; });
  }

  // ---- network page: a small force layout, drawn as SVG
  function goldColor(g) {
    var t = Math.max(-1, Math.min(1, g / 10));
    if (t < 0) { return "rgb(" + Math.round(170 + 22 * -t) + "," + Math.round(170 - 113 * -t) + "," + Math.round(170 - 127 * -t) + ")"; }
    return "rgb(" + Math.round(170 - 124 * t) + "," + Math.round(170 - 31 * t) + "," + Math.round(170 - 83 * t) + ")";
  }
  function layout(nodes, edges, w, h) {
    var n = nodes.length, index = {};
    nodes.forEach(function (node, i) {
      var a = 2 * Math.PI * i / Math.max(n, 1);
      node.x = w / 2 + Math.cos(a) * w * 0.38; node.y = h / 2 + Math.sin(a) * h * 0.38; index[node.id] = node;
    });
    var k = Math.sqrt(w * h / Math.max(n, 1)) * 0.75;
    for (var it = 0; it < 250; it++) {
      var temp = 12 * (1 - it / 250) + 0.5;
      nodes.forEach(function (a) { a.dx = 0; a.dy = 0; });
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var a = nodes[i], b = nodes[j], dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy + 0.01;
          var f = k * k / d2; a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
        }
      }
      edges.forEach(function (e) {
        var a = index[e.source], b = index[e.target]; if (!a || !b) { return; }
        var dx = a.x - b.x, dy = a.y - b.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01, f = d / k;
        a.dx -= dx * f; a.dy -= dy * f; b.dx += dx * f; b.dy += dy * f;
      });
      nodes.forEach(function (a) {
        a.dx += (w / 2 - a.x) * 0.01; a.dy += (h / 2 - a.y) * 0.01;
        var d = Math.sqrt(a.dx * a.dx + a.dy * a.dy) + 0.01, s = Math.min(d, temp) / d;
        a.x = Math.max(30, Math.min(w - 30, a.x + a.dx * s)); a.y = Math.max(20, Math.min(h - 20, a.y + a.dy * s));
      });
    }
    fit(nodes, w, h);
    return index;
  }
  function fit(nodes, w, h) {  // stretch the layout to fill the drawing area
    if (!nodes.length) { return; }
    var xs = nodes.map(function (a) { return a.x; }), ys = nodes.map(function (a) { return a.y; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs), y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    nodes.forEach(function (a) {
      a.x = 40 + (a.x - x0) / ((x1 - x0) || 1) * (w - 80); a.y = 30 + (a.y - y0) / ((y1 - y0) || 1) * (h - 60);
    });
  }
  function el(name, attrs) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }
  function initNetwork() {
    var svg = $("#network"), data = $("#network-data");
    if (!svg || !data) { return; }
    var graph = JSON.parse(data.textContent), w = 800, h = 640;
    var index = layout(graph.nodes, graph.edges, w, h);
    var maxEvents = Math.max.apply(null, graph.edges.map(function (e) { return e.events; }).concat([1]));
    var info = $("#edge-info");
    graph.edges.forEach(function (e) {
      var a = index[e.source], b = index[e.target]; if (!a || !b) { return; }
      var line = el("line", { x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
        stroke: goldColor(e.goldstein_mean), "stroke-width": (1 + 5 * e.events / maxEvents).toFixed(2), "class": "edge" });
      line.dataset.source = e.source; line.dataset.target = e.target;
      var title = el("title", {}); title.textContent = e.source + " → " + e.target + ": " + e.events + ", Goldstein " + e.goldstein_mean;
      line.appendChild(title);
      line.addEventListener("mouseenter", function () { if (info) { info.textContent = title.textContent; } });
      svg.appendChild(line);
    });
    var maxNode = Math.max.apply(null, graph.nodes.map(function (n) { return n.events; }).concat([1]));
    graph.nodes.forEach(function (node) {
      var g = el("g", { "class": "node", transform: "translate(" + node.x.toFixed(1) + "," + node.y.toFixed(1) + ")" });
      g.dataset.id = node.id;
      g.appendChild(el("circle", { r: (4 + 10 * Math.sqrt(node.events / maxNode)).toFixed(1) }));
      var label = el("text", { x: 0, y: -14, "text-anchor": "middle" }); label.textContent = node.id; g.appendChild(label);
      g.addEventListener("click", function () { highlightNode(svg, node.id); });
      svg.appendChild(g);
    });
  }
  function highlightNode(svg, id) {
    var keep = {}; keep[id] = true;
    $all("line.edge", svg).forEach(function (l) {
      var on = l.dataset.source === id || l.dataset.target === id;
      l.classList.toggle("dim", !on); if (on) { keep[l.dataset.source] = true; keep[l.dataset.target] = true; }
    });
    $all("g.node", svg).forEach(function (g) { g.classList.toggle("dim", !keep[g.dataset.id]); });
  }

  document.addEventListener("DOMContentLoaded", function () { initArticle(); initSwatches(); initNetwork(); });
})();
