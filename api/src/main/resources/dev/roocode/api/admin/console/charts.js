/* The console's charts: reads /console/charts/data under the session every 5 s and draws each
   <figure class="chart" data-provider data-series data-label> with uPlot (served from the jar). */
(function () {
  "use strict";
  var plots = {};

  /* data-series may name several series, comma-separated (p50 and p99 on one chart): one line each */
  function seriesOf(data, provider, series) {
    var names = series.split(",");
    // a provider's $ per hour has its own times (from the spend topic, not the health reports)
    var s = !provider ? data.spend : series === "usdPerHour" ? (data.providerSpend || {})[provider] : data.providers[provider];
    var values = [s ? s.t : []];
    names.forEach(function (name) { values.push(s && s[name] ? s[name] : []); });
    return values;
  }

  var COLORS = ["#2456c8", "#c8412a"];

  function draw(data) {
    var banner = document.getElementById("unreachable");
    if (!data.reachable && !banner) {
      banner = document.createElement("p");
      banner.id = "unreachable";
      banner.className = "error";
      banner.setAttribute("role", "alert");
      banner.textContent = "The Kafka cluster is not reachable: showing what was last read.";
      document.querySelector("main h1").after(banner);
    } else if (data.reachable && banner) {
      banner.remove();
    }
    document.querySelectorAll("figure.chart").forEach(function (fig) {
      var provider = fig.dataset.provider;
      var series = fig.dataset.series;
      var key = provider + "/" + series;
      var values = seriesOf(data, provider, series);
      if (plots[key]) {
        plots[key].setData(values);
        return;
      }
      var names = series.split(",");
      var lines = [{}];
      names.forEach(function (name, i) {
        lines.push({
          label: names.length > 1 ? name.replace(/^latency/, "").replace(/Ms$/, "").toLowerCase() : fig.dataset.label,
          stroke: COLORS[i % COLORS.length],
          width: 2,
          points: { show: true, size: 4 }
        });
      });
      plots[key] = new uPlot({
        width: 360,
        height: 160,
        legend: { show: names.length > 1 },
        series: lines,
        axes: [{}, { size: 56 }]
      }, values, fig);
    });
  }

  function refresh() {
    fetch("/console/charts/data", { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { draw(data); } })
      .catch(function () { /* the next refresh tries again */ });
  }

  refresh();
  setInterval(refresh, 5000);
})();
