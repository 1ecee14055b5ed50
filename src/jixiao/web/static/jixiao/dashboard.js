/* The dashboard's charts, drawn with the vendored ECharts from the numbers the page passes in
   <script type="application/json" id="dashboard-data">. Every chart has the same numbers as a
   table under it, so the page reads without this script. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var FONT = '"WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif';
  var ACCENT = "#1d4f91";
  var charts = [];

  function base(extra) {
    var option = {
      animation: false,
      textStyle: { fontFamily: FONT, fontSize: 13 },
      grid: { left: 16, right: 24, top: 36, bottom: 8, containLabel: true },
      tooltip: { trigger: "item", confine: true }
    };
    Object.keys(extra).forEach(function (k) { option[k] = extra[k]; });
    return option;
  }

  function draw(id, option) {
    var el = document.getElementById("chart-" + id);
    if (!el) { return null; }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    charts.push(chart);
    return chart;
  }

  function bars(id, series, color) {
    return draw(id, base({
      xAxis: { type: "category", data: series.labels, axisLabel: { interval: 0 } },
      yAxis: { type: "value", minInterval: 1, name: "表数" },
      series: [{ type: "bar", data: series.values, itemStyle: { color: color || ACCENT },
                 barMaxWidth: 48, label: { show: true, position: "top" } }]
    }));
  }

  bars("statuses", data.statuses);
  bars("grades", data.grades, "#1e7a3c");
  bars("rates", data.rates, "#a86400");

  var limits = data.thresholds;
  var points = data.scatter.map(function (p) {
    return { value: [Number(p.rate), Number(p.total)], name: p.name, unit: p.unit, url: p.url,
             rate: p.rate, total: p.total };
  });
  var scatter = draw("scatter", base({
    tooltip: {
      trigger: "item", confine: true,
      formatter: function (item) {
        var d = item.data;
        return echarts.format.encodeHTML(d.name) + "<br>" + echarts.format.encodeHTML(d.unit) +
          "<br>执行率 " + d.rate + "% · 总分 " + d.total + "<br>（点击打开）";
      }
    },
    grid: { left: 16, right: 40, top: 36, bottom: 28, containLabel: true },
    // Ranges that always show the 80% and 90-point lines, whatever the forms' spread.
    xAxis: { type: "value", name: "执行率 %", nameLocation: "middle", nameGap: 26,
             min: function (v) { return Math.min(50, Math.floor(v.min / 10) * 10); },
             max: function (v) { return Math.max(100, Math.ceil(v.max / 10) * 10); } },
    yAxis: { type: "value", name: "总分",
             min: function (v) { return Math.min(60, Math.floor(v.min / 10) * 10); }, max: 100 },
    series: [{ type: "scatter", data: points, symbolSize: 12, clip: false, itemStyle: { color: ACCENT, opacity: 0.75 },
               markLine: { silent: true, symbol: "none", lineStyle: { type: "dashed", color: "#b3261e" },
                           label: { formatter: "{b}", position: "insideStartTop" },
                           data: [{ xAxis: Number(limits.rate), name: "执行率 " + limits.rate + "%" },
                                  { yAxis: Number(limits.total), name: "总分 " + limits.total,
                                    label: { position: "insideStartTop" } }] } }]
  }));
  if (scatter) {
    scatter.on("click", function (item) {
      if (item.data && item.data.url && item.data.url.charAt(0) === "/") { window.location.href = item.data.url; }
    });
  }

  var findings = data.findings;
  draw("findings", base({
    grid: { left: 12, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: "item", confine: true },
    xAxis: { type: "value", minInterval: 1, name: "次" },
    yAxis: { type: "category", data: findings.labels.slice().reverse(),
             axisLabel: { width: 360, overflow: "truncate" } },
    series: [{ type: "bar", data: findings.values.slice().reverse(), itemStyle: { color: "#38618c" },
               barMaxWidth: 22, label: { show: true, position: "right" } }]
  }));

  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });
}());
