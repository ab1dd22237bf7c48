/* 覆盖率趋势 (coverage/_trend_body.html): rates on the left axis in %, the count of new party
   organizations as bars on a second axis in 个; tooltips carry their unit; the legend sits
   below the chart so that it never covers an axis on a 375-px phone. */
(function () {
  "use strict";
  const source = document.getElementById("trend-data");
  const node = document.getElementById("trend-chart");
  if (!source || !node || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const empty = (v) => v === null || v === undefined;
  const pct = (v) => (empty(v) ? "—" : v + "%");
  const count = (v) => (empty(v) ? "—" : v + " 个");
  const narrow = () => node.clientWidth < 576;
  const chart = echarts.init(node);

  function option() {
    const small = narrow();
    return {
      tooltip: { trigger: "axis", confine: true },
      legend: {
        bottom: 0, type: small ? "scroll" : "plain",
        textStyle: { fontSize: small ? 11 : 12 }, itemWidth: small ? 14 : 25,
      },
      grid: { left: 8, right: 8, top: 36, bottom: small ? 40 : 36, containLabel: true },
      xAxis: { type: "category", data: data.labels },
      yAxis: [
        { type: "value", min: 0, max: 100, name: "覆盖率（%）", axisLabel: { formatter: "{value}%" } },
        {
          type: "value", name: "新建（个）", minInterval: 1, splitLine: { show: false },
          // a month or two with one new organization must not fill the chart
          max: (extent) => Math.max(4, Math.ceil(extent.max * 1.5)),
        },
      ],
      series: [
        { name: "组织覆盖率", type: "line", data: data.organization_rate, tooltip: { valueFormatter: pct } },
        { name: "单独组建率", type: "line", data: data.own_rate, tooltip: { valueFormatter: pct } },
        { name: "工作覆盖率", type: "line", data: data.work_rate, tooltip: { valueFormatter: pct } },
        {
          name: "新建党组织", type: "bar", yAxisIndex: 1, data: data.founded,
          barMaxWidth: 24, tooltip: { valueFormatter: count },
        },
      ],
    };
  }

  chart.setOption(option());
  window.addEventListener("resize", function () {
    chart.setOption(option());
    chart.resize();
  });
})();
