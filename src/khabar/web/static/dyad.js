// khabar web: the dyad time series, drawn with the vendored uPlot (real time axis, two y scales).
"use strict";
(function () {
  var INTEGER_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000];
  function stacked(data) {  // cumulative counts per modality, drawn largest first so each band stays visible
    var sums = data.x.map(function () { return 0; }), out = [];
    data.modalities.forEach(function (m) {
      sums = sums.map(function (s, i) { return s + data.by_modality[m][i]; });
      out.push({ modality: m, values: sums.slice() });
    });
    return out.reverse();
  }
  function init() {
    var box = document.getElementById("dyad-chart"), raw = document.getElementById("dyad-data");
    if (!box || !raw || typeof uPlot === "undefined") { return; }
    var data = JSON.parse(raw.textContent);
    if (!data.periods || !data.periods.length) { return; }
    var step = data.by === "week" ? 7 * 86400 : 30.5 * 86400;  // one period, in seconds
    var bands = stacked(data), bars = uPlot.paths.bars({ size: [0.7, 48], align: 1 });
    var series = [{ label: box.dataset.period || "" }];
    var columns = [data.x];
    bands.forEach(function (b) {
      var color = data.colors[b.modality] || "#777777";
      series.push({ label: b.modality, scale: "n", fill: color, stroke: color, width: 0, paths: bars,
                    points: { show: false } });
      columns.push(b.values);
    });
    series.push({ label: box.dataset.goldstein, scale: "g", stroke: "#b07d10", width: 2, spanGaps: false,
                  points: { show: true, size: 5, fill: "#b07d10" } });
    columns.push(data.goldstein);
    var opts = {
      width: Math.max(260, box.clientWidth), height: 320,
      scales: { x: { time: true, range: function () { return [data.x[0] - step * 0.2, data.x[data.x.length - 1] + step * 1.2]; } },
                n: { range: function (u, lo, hi) { return [0, Math.max(1, Math.ceil(hi * 1.1))]; } },
                g: { range: function (u, lo, hi) { var m = Math.max(1, Math.abs(lo || 0), Math.abs(hi || 0)) * 1.1; return [-m, m]; } } },
      axes: [
        { scale: "x", space: 60 },
        { scale: "n", label: box.dataset.events, side: 3, grid: { show: true }, incrs: INTEGER_STEPS,
          values: function (u, splits) { return splits.map(function (v) { return String(Math.round(v)); }); } },
        { scale: "g", label: box.dataset.goldstein, side: 1, grid: { show: false }, stroke: "#b07d10" }
      ],
      series: series,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } }
    };
    var plot = new uPlot(opts, columns, box);
    plot.over.addEventListener("click", function () {
      var i = plot.cursor.idx;
      if (i !== null && i !== undefined && data.hrefs[i]) { window.location.assign(data.hrefs[i]); }
    });
    window.addEventListener("resize", function () { plot.setSize({ width: Math.max(260, box.clientWidth), height: 320 }); });
    window.khabarDyad = plot;  // for tests and the console
  }
  document.addEventListener("DOMContentLoaded", init);
})();
