// khabar web: small vanilla JS. Reads data-* attributes and writes with textContent only (never innerHTML).
"use strict";
(function () {
  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

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

  document.addEventListener("DOMContentLoaded", function () { initArticle(); initSwatches(); });
})();
