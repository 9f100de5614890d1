// Charts of the progress dashboard; data comes from a JSON script element.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var L = data.labels;
    var vi = new Intl.NumberFormat("vi-VN");
    var common = {
      responsive: true,
      animation: false,
      plugins: { legend: { position: "bottom" } },
      scales: { y: { beginAtZero: true, ticks: { callback: function (v) { return vi.format(v); } } } },
    };
    function flow(id, code) {
      var el = document.getElementById(id);
      var s = data.flows[code];
      if (!el || !s) return;
      new window.Chart(el, {
        type: "bar",
        data: {
          labels: data.years,
          datasets: [
            { label: L.target, data: s.targets, backgroundColor: "#9ec5fe" },
            { label: L.result, data: s.results, backgroundColor: "#0b5394" },
          ],
        },
        options: common,
      });
    }
    flow("chart-jobs", "VL");
    flow("chart-training", "DN");
    var poverty = document.getElementById("chart-poverty");
    if (poverty) {
      new window.Chart(poverty, {
        type: "line",
        data: {
          labels: data.poverty_years,
          datasets: [
            { label: L.poor, data: data.poor, borderColor: "#b42318", backgroundColor: "#b42318" },
            { label: L.near_poor, data: data.near_poor, borderColor: "#b45309", backgroundColor: "#b45309" },
          ],
        },
        options: common,
      });
    }
    var quarters = document.getElementById("chart-quarters");
    if (quarters) {
      new window.Chart(quarters, {
        type: "bar",
        data: {
          labels: data.quarters,
          datasets: [
            { label: L.poor, data: data.quarter_poor, backgroundColor: "#b42318" },
            { label: L.near_poor, data: data.quarter_near_poor, backgroundColor: "#b45309" },
          ],
        },
        options: Object.assign({}, common, { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }),
      });
    }
  });
})();
