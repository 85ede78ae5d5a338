// khabar web: the actor network, drawn with the vendored Cytoscape.js (directed edges with arrows, zoom, drag,
// a minimum-weight filter). Text is set as data and drawn on a canvas; nothing is parsed as HTML.
"use strict";
(function () {
  var MAX_VISIBLE = 60;  // the weight filter starts at the smallest weight that shows at most this many edges
  function goldColor(g) {
    var t = Math.max(-1, Math.min(1, (g || 0) / 10));
    if (t < 0) { return "rgb(" + Math.round(170 + 22 * -t) + "," + Math.round(170 - 113 * -t) + "," + Math.round(170 - 127 * -t) + ")"; }
    return "rgb(" + Math.round(170 - 124 * t) + "," + Math.round(170 - 31 * t) + "," + Math.round(170 - 83 * t) + ")";
  }
  function startWeight(weights) {
    var sorted = weights.slice().sort(function (a, b) { return b - a; });
    return sorted.length > MAX_VISIBLE ? Math.max(1, sorted[MAX_VISIBLE - 1]) : 1;
  }
  function init() {
    var box = document.getElementById("network"), raw = document.getElementById("network-data");
    if (!box || !raw || typeof cytoscape === "undefined") { return; }
    var graph = JSON.parse(raw.textContent);
    var elements = graph.nodes.map(function (n) { return { data: { id: n.id, label: n.id, events: n.events } }; });
    graph.edges.forEach(function (e, i) {
      elements.push({ data: { id: "e" + i, source: e.source, target: e.target, events: e.events,
                              gmean: e.goldstein_mean, color: goldColor(e.goldstein_mean) } });
    });
    var maxNode = Math.max.apply(null, graph.nodes.map(function (n) { return n.events; }).concat([1]));
    var maxEdge = Math.max.apply(null, graph.edges.map(function (e) { return e.events; }).concat([1]));
    var cy = cytoscape({
      container: box, elements: elements, wheelSensitivity: 0.3, minZoom: 0.1, maxZoom: 5,
      style: [
        { selector: "node", style: { "background-color": "#2f6f9f", label: "data(label)", "font-size": 11,
          color: "#1d2733", "text-valign": "top", "text-margin-y": -3,
          width: "mapData(events, 1, " + maxNode + ", 12, 46)", height: "mapData(events, 1, " + maxNode + ", 12, 46)" } },
        { selector: "edge", style: { "curve-style": "bezier", "target-arrow-shape": "triangle", "arrow-scale": 1.1,
          "line-color": "data(color)", "target-arrow-color": "data(color)", opacity: 0.8,
          width: "mapData(events, 1, " + maxEdge + ", 1, 8)" } },
        { selector: ".dim", style: { opacity: 0.12 } },
        { selector: ".hidden", style: { display: "none" } }
      ],
      layout: { name: "preset" }
    });
    function arrange() {  // lay out only what the weight filter shows, then fit it to the box
      cy.elements().not(".hidden").layout({ name: "cose", animate: false, randomize: true, nodeRepulsion: function () { return 9000; },
        idealEdgeLength: function () { return 90; }, numIter: 1500, fit: true, padding: 20 }).run();
    }
    var slider = document.getElementById("min-weight"), out = document.getElementById("min-weight-value");
    var shown = document.getElementById("visible-edges"), info = document.getElementById("edge-info");
    function filter(min) {
      cy.batch(function () {
        cy.edges().forEach(function (e) { e.toggleClass("hidden", e.data("events") < min); });
        cy.nodes().forEach(function (n) {
          n.toggleClass("hidden", n.connectedEdges().filter(function (e) { return !e.hasClass("hidden"); }).length === 0);
        });
      });
      if (out) { out.textContent = String(min); }
      var visible = cy.edges().filter(function (e) { return !e.hasClass("hidden"); }).length;
      if (shown) { shown.textContent = shown.dataset.label + ": " + visible + " / " + cy.edges().length; }
      box.dataset.visibleEdges = String(visible);
      box.dataset.minWeight = String(min);
    }
    if (slider) {
      slider.max = String(maxEdge);
      slider.value = String(startWeight(graph.edges.map(function (e) { return e.events; })));
      slider.addEventListener("input", function () { filter(Number(slider.value)); });
      slider.addEventListener("change", arrange);
      filter(Number(slider.value));
    }
    arrange();
    cy.on("tap", "node", function (ev) {
      var hood = ev.target.closedNeighborhood();
      cy.elements().addClass("dim"); hood.removeClass("dim");
    });
    cy.on("tap", "edge", function (ev) {
      var d = ev.target.data();
      if (!info) { return; }
      info.textContent = d.source + " \u2192 " + d.target + ": " + d.events + ", Goldstein " + d.gmean + " ";
      var a = document.createElement("a");
      a.href = "/events?source=" + encodeURIComponent(d.source) + "&target=" + encodeURIComponent(d.target);
      a.textContent = "\u2192 /events";
      info.appendChild(a);
    });
    cy.on("tap", function (ev) { if (ev.target === cy) { cy.elements().removeClass("dim"); } });
    var fit = document.getElementById("network-fit");
    if (fit) { fit.addEventListener("click", function () { cy.fit(cy.elements(":visible"), 20); }); }
    window.khabarNetwork = cy;  // for tests and the console
  }
  document.addEventListener("DOMContentLoaded", init);
})();
