/* ogi report: the site's script. Data shards are <script> files calling OGI.data(key, payload), so the
   site works from file:// (browsers refuse fetch() there) and with no network. Charts: plotly.js,
   shipped in assets/. */
"use strict";
const OGI = (() => {
  const waiting = {};
  const LABELS = {
    agency_name: ["机关", "agency"], report_year: ["年度", "year"], source_file: ["文件", "file"],
    severity: ["级别", "severity"], line_number: ["行", "line"], cell_key: ["单元格", "cell"],
    message: ["说明", "message"], check_status: ["结果", "status"], scope_key: ["范围", "scope"],
    observed: ["实际值", "observed"], expected: ["期望值", "expected"], difference: ["差额", "difference"],
    abstained_cells: ["未能读取", "abstained"], missing_cells: ["缺失", "missing"], cells: ["单元格", "cells"],
    section_zh: ["章节", "section"], similarity: ["相似度", "similarity"], shingles: ["片段数", "grams"],
    previous_shingles: ["上年片段数", "grams last year"],
  };
  const LIST_TITLES = {
    issues: ["解析问题", "Parse issue"], rules: ["规则未通过", "Rule not passed"],
    abstained: ["含未能读取单元格的文件", "Documents with abstained cells"],
    reuse: ["高度重复的章节", "Sections repeating last year's text"],
    resolved: ["由勾稽关系推定、未经独立核验的检查", "Checks whose cells were all recovered by the rules (verified nothing)"],
  };
  const MEASURES = [
    ["new_received", "本年新收", "new applications"], ["carried_over", "上年结转", "carried over"],
    ["results_total", "办理结果总计", "results total"], ["granted", "予以公开", "granted"],
    ["partially_granted", "部分公开", "partially granted"], ["denied", "不予公开", "denied"],
    ["unable", "无法提供", "unable to provide"], ["not_processed", "不予处理", "not processed"],
    ["other_handling", "其他处理", "other handling"], ["carried_forward", "结转下年度", "carried forward"],
    ["review_total", "行政复议", "administrative review"], ["review_corrected", "复议纠正", "review corrected"],
    ["litigation_total", "行政诉讼", "litigation"], ["litigation_corrected", "诉讼纠正", "litigation corrected"],
    ["blank_cell_share", "空白单元格占比", "blank cell share"], ["failed_check_count", "未通过检查", "failed checks"],
  ];
  const MIX = MEASURES.slice(3, 9);
  const SECTION_EN = {
    s1_overview: "Overview", s2_proactive: "Proactive disclosure", s3_requests: "Applications",
    s4_review_litigation: "Review and litigation", s5_problems: "Problems", s6_other: "Other matters",
  };
  const PLOT_CONFIG = { displaylogo: false, responsive: true };

  function data(key, payload) {
    const cb = waiting[key];
    delete waiting[key];
    if (cb) cb.resolve(payload);
  }
  function load(key) {
    return new Promise((resolve, reject) => {
      waiting[key] = { resolve, reject };
      const s = document.createElement("script");
      s.src = "data/" + key.split("/").map(encodeURIComponent).join("/") + ".js";
      s.onerror = () => { delete waiting[key]; reject(new Error("no data: " + key)); };
      document.head.appendChild(s);
    });
  }
  function page() { return JSON.parse(document.getElementById("page-data").textContent); }
  function param(name) { return new URLSearchParams(location.search).get(name); }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v; else if (k === "text") e.textContent = v; else e.setAttribute(k, v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined) continue;
      e.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
    }
    return e;
  }
  function bi(zh, en) { return [zh, " ", el("small", {}, en)]; }
  function fmt(v, digits) {
    if (v === null || v === undefined) return "—";
    if (typeof v !== "number") return String(v);
    const d = digits === undefined ? (Number.isInteger(v) ? 0 : 2) : digits;
    return v.toLocaleString("zh-CN", { minimumFractionDigits: d, maximumFractionDigits: d });
  }
  function num(v, digits, attrs) {
    return el("td", Object.assign({ class: "num" + (v === null || v === undefined ? " blank" : ""),
      title: v === null || v === undefined ? "空白 blank" : null }, attrs || {}), fmt(v, digits));
  }
  function fileHref(path) {
    if (!path) return null;
    let p = path.replace(/\\/g, "/");
    if (!p.startsWith("/") && !/^[A-Za-z]:\//.test(p)) p = page().base_dir.replace(/\\/g, "/") + "/" + p;
    if (!p.startsWith("/")) p = "/" + p;
    return "file://" + p.split("/").map(encodeURIComponent).join("/");
  }
  function fileLink(name, path) {
    const href = fileHref(path);
    return href ? el("a", { href, class: "file", title: path }, name || path) : el("span", {}, name || "—");
  }
  function agencyLink(key, name, year) {
    if (!key) return el("span", {}, name || "—");
    return el("a", { href: "agency.html?id=" + encodeURIComponent(key) + (year ? "#y" + year : "") }, name || key);
  }
  function table(columns, rows, attrs) {
    return el("table", Object.assign({ class: "data" }, attrs || {}),
      el("thead", {}, el("tr", {}, columns.map((c) => el("th", {}, c)))),
      el("tbody", {}, rows));
  }
  // plotly's bundle (4.6 MB, ~1 s to parse) is loaded only after the page's tables and figures are shown
  // (after the load event) and only when a chart scrolls near the view; each chart is drawn then
  let plotlyReady = null;
  function loadPlotly() {
    if (window.Plotly) return Promise.resolve();
    if (!plotlyReady) plotlyReady = new Promise((resolve, reject) => {
      const inject = () => {
        const s = document.createElement("script");
        s.src = "assets/plotly.min.js";
        s.onload = () => resolve();
        s.onerror = () => reject(new Error("no chart library: assets/plotly.min.js"));
        document.head.appendChild(s);
      };
      if (document.readyState === "complete") setTimeout(inject, 0); else window.addEventListener("load", () => setTimeout(inject, 0));
    });
    return plotlyReady;
  }
  const pending = new Map();  // chart node -> the latest arguments it was asked to draw
  let observer = null;
  function drawNow(node) {
    const args = pending.get(node);
    pending.delete(node);
    if (args) Plotly.react(node, ...args);
    node.dataset.drawn = "1";
  }
  function plot(id, traces, layout) {
    const node = document.getElementById(id);
    if (!node) return;
    const args = [traces, Object.assign({
      margin: { l: 50, r: 10, t: 10, b: 40 }, height: 300, legend: { orientation: "h", y: -0.2 },
      font: { family: "system-ui, sans-serif", size: 12 },
    }, layout || {}), PLOT_CONFIG];
    pending.set(node, args);
    if (node.dataset.drawn) { drawNow(node); return; }
    if (!("IntersectionObserver" in window)) { loadPlotly().then(() => drawNow(node)); return; }
    observer = observer || new IntersectionObserver((entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        observer.unobserve(e.target);
        loadPlotly().then(() => drawNow(e.target));
      }
    }, { rootMargin: "300px" });
    observer.observe(node);
  }

  // ------------------------------------------------------------ search
  // the index is one file while small, else shards by the typed text's first one or two characters
  // (report/search.py writes them with the same hash)
  const loaded = {};
  function loadOnce(key) { return (loaded[key] = loaded[key] || load(key)); }
  function gramHash(gram) {
    let h = 0;
    for (const ch of gram) h = (Math.imul(h, 31) + ch.codePointAt(0)) >>> 0;
    return h;
  }
  async function candidates(q) {
    const index = await loadOnce("agency-index");
    if (!index.shards || index.shards <= 1) return { rows: index.rows };
    const chars = [...q];
    if (chars.length < 2) return { rows: [], more: true };
    let best = null;
    for (let i = 0; i + 1 < chars.length; i++) {
      const shard = gramHash(chars[i] + chars[i + 1]) % index.shards;
      if (best === null || index.sizes[shard] < index.sizes[best]) best = shard;
    }
    if (!index.sizes[best]) return { rows: [] };
    return await loadOnce(`search/${best}`);
  }
  function search() {
    const input = document.getElementById("agency-search");
    const out = document.getElementById("agency-results");
    if (!input) return;
    let seq = 0;
    const run = async () => {
      const q = input.value.trim().toLowerCase();
      const mine = ++seq;
      if (!q) { out.replaceChildren(); return; }
      let found;
      try { found = await candidates(q); } catch (e) { found = { rows: [] }; }
      if (mine !== seq) return;  // a later keystroke has its own answer
      out.replaceChildren();
      if (found.more) { out.appendChild(el("li", { class: "note" }, "请再输入一个字 · type one more character")); return; }
      const hits = [];
      for (const r of found.rows) {
        const [key, name, aliases, level, region, first, last] = r;
        const alias = (aliases || []).find((a) => a.toLowerCase().includes(q));
        if ((name || "").toLowerCase().includes(q) || alias) hits.push([r, alias]);
        if (hits.length >= 50) break;
      }
      for (const [[key, name, , level, region, first, last], alias] of hits) {
        out.appendChild(el("li", {}, agencyLink(key, name),
          alias && !(name || "").toLowerCase().includes(q) ? el("span", { class: "alias" }, " 别名 alias: " + alias) : null,
          el("small", {}, ` ${region || ""} · ${level || ""} · ${first || "?"}–${last || "?"}`)));
      }
      if (found.partial) out.appendChild(el("li", { class: "note" }, "常见字词，仅列出部分结果，请多输入几个字 · common words: some matches only, type more"));
      if (!hits.length) out.appendChild(el("li", { class: "note" }, "未找到 · no agency matches"));
    };
    input.addEventListener("input", run);
  }

  // ------------------------------------------------------------ overview
  function overview() {
    search();
    const o = page().overview;
    const versions = [...new Set(o.by_year.map((r) => r.template_version))];
    plot("chart-years", versions.map((v) => {
      const rows = o.by_year.filter((r) => r.template_version === v);
      return { type: "bar", name: v, x: rows.map((r) => r.report_year), y: rows.map((r) => r.reports) };
    }), { barmode: "stack", xaxis: { type: "category" } });
  }

  // ------------------------------------------------------------ trends
  async function trends() {
    const t = await load("trends");
    const select = document.getElementById("geo");
    const kinds = { all: ["全国", "national"], level: ["按层级", "by level"], province: ["按省", "by province"], city: ["按市", "by city"] };
    for (const [kind, [zh, en]] of Object.entries(kinds)) {
      const group = el("optgroup", { label: `${zh} ${en}` });
      for (const g of t.geos.filter((x) => x.kind === kind))
        group.appendChild(el("option", { value: g.id }, kind === "all" ? "全国 all agencies" : g.key));
      if (group.children.length) select.appendChild(group);
    }
    const items = document.getElementById("disclosure-item");
    for (const d of t.disclosure_items) items.appendChild(el("option", { value: d.harmonised_cell_key }, `${d.label_zh} (${d.unit || ""}) · ${d.label_en}`));
    const draw = async () => {
      const gid = select.value;
      const geo = t.geos.find((g) => g.id === gid);
      if (geo && geo.shard && !(gid in t.series)) {
        const part = await load(geo.shard);
        for (const k of ["series", "denied", "disclosure"]) Object.assign(t[k], part[k]);
      }
      const s = t.series[gid] || {};
      const years = Object.keys(s).map(Number).sort((a, b) => a - b);
      const get = (k) => years.map((y) => s[y][k]);
      document.getElementById("geo-size").textContent = ` ${years.reduce((n, y) => n + s[y].agency_years, 0)} 机关年度 agency-years`;
      const shapes = years.includes(2021) && years.some((y) => y < 2021) ? [{ type: "line", x0: 2020.5, x1: 2020.5, yref: "paper", y0: 0, y1: 1, line: { dash: "dot", color: "#888" } }] : [];
      const xa = { dtick: 1 };
      plot("chart-new", [{ type: "bar", name: "本年新收 new", x: years, y: get("new_received") }], { xaxis: xa, shapes });
      plot("chart-mix", MIX.map(([k, zh, en]) => ({ type: "bar", name: `${zh} ${en}`, x: years, y: get(k) })), { barmode: "stack", barnorm: "percent", xaxis: xa, shapes, yaxis: { ticksuffix: "%" } });
      const d = t.denied[gid] || {};
      plot("chart-denied", t.outcomes.filter((o) => o.harmonised_outcome_key.startsWith("denied_")).map((o) => ({
        type: "bar", name: o.label_zh, x: years, y: years.map((y) => (d[y] || {})[o.harmonised_outcome_key] ?? null) })), { barmode: "stack", xaxis: xa, shapes, legend: { font: { size: 10 } } });
      plot("chart-per100", [
        { type: "scatter", mode: "lines+markers", name: "行政复议 review", x: years, y: get("review_per_100") },
        { type: "scatter", mode: "lines+markers", name: "行政诉讼 litigation", x: years, y: get("litigation_per_100") }], { xaxis: xa, shapes });
      plot("chart-correction", [
        { type: "scatter", mode: "lines+markers", name: "复议纠正率 review corrected", x: years, y: get("review_correction_rate") },
        { type: "scatter", mode: "lines+markers", name: "诉讼纠正率 litigation corrected", x: years, y: get("litigation_correction_rate") }], { xaxis: xa, shapes, yaxis: { tickformat: ".0%" } });
      const item = items.value;
      const dd = t.disclosure[gid] || {};
      plot("chart-disclosure", [{ type: "bar", name: item, x: years, y: years.map((y) => (dd[y] || {})[item] ?? null) }], { xaxis: xa, shapes });
      const meta = t.disclosure_items.find((x) => x.harmonised_cell_key === item) || {};
      document.getElementById("disclosure-note").textContent = meta.comparability ? `两版对照 v2019 ↔ v2021: ${meta.comparability}${meta.note_zh ? " · " + meta.note_zh : ""}${meta.note_en ? " · " + meta.note_en : ""}` : "";
      const cols = ["agency_years", "new_received", "results_total", "granted", "denied", "review_total", "litigation_total", "review_per_100", "litigation_per_100", "review_correction_rate", "litigation_correction_rate"];
      const names = { agency_years: ["机关年度", "agency-years"], review_per_100: ["复议/百件", "review per 100"], litigation_per_100: ["诉讼/百件", "litigation per 100"], review_correction_rate: ["复议纠正率", "review correction"], litigation_correction_rate: ["诉讼纠正率", "litigation correction"] };
      for (const [k, zh, en] of MEASURES) names[k] = names[k] || [zh, en];
      document.getElementById("trend-table").replaceChildren(table(
        [bi("年度", "year"), ...cols.map((c) => bi(...names[c]))],
        years.map((y) => el("tr", {}, el("td", {}, y), cols.map((c) => c.endsWith("rate") ? el("td", { class: "num", "data-figure": `trend:${c}:${y}`, "data-value": s[y][c] ?? "" }, s[y][c] === null ? "—" : fmt(100 * s[y][c], 1) + "%") : num(s[y][c], c.endsWith("100") ? 2 : undefined, { "data-figure": `trend:${c}:${y}` })))),
        { id: "trends-figures" }));
    };
    select.addEventListener("change", draw);
    items.addEventListener("change", draw);
    await draw();
  }

  // ------------------------------------------------------------ agency
  async function agency() {
    search();
    const id = param("id");
    if (!id) return;
    const root = document.getElementById("agency");
    let a, dims;
    try {
      [a, dims] = await Promise.all([load(`agency/${id.slice(0, 2)}/${id}`), load("dims")]);
    } catch (e) {
      root.replaceChildren(el("p", { class: "note" }, "未找到该机关 · no such agency: " + id));
      return;
    }
    const ag = a.agency;
    const years = a.years;
    document.title = ag.agency_name + " · ogi";
    const byYear = Object.fromEntries(years.map((y) => [y.year, y]));
    const parts = [];
    parts.push(el("h1", { id: "agency-name" }, ag.agency_name || "（未识别机关 unidentified agency）"));
    parts.push(el("p", { class: "meta" },
      (ag.agency_aliases || []).length ? el("span", { id: "agency-aliases" }, "别名 aliases: " + ag.agency_aliases.join("、")) : null,
      el("span", {}, ` · 层级 level: ${ag.agency_level || "—"} · 区划 region: ${[ag.province, ag.city, ag.county, ag.township].filter(Boolean).join("/") || "—"}`)));
    // figures across years, with the change from the previous year
    const ys = years.map((y) => y.year);
    parts.push(el("h2", {}, bi("历年数字", "Figures by year (change from the previous year)")));
    parts.push(table([bi("指标", "measure"), ...ys.map((y) => el("a", { href: "#y" + y }, y))],
      MEASURES.map(([k, zh, en]) => el("tr", {}, el("td", {}, bi(zh, en)), ys.map((y) => {
        const v = byYear[y].figures[k];
        const prev = byYear[y - 1] ? byYear[y - 1].figures[k] : undefined;
        const td = num(v, k.endsWith("share") ? 3 : undefined, { "data-figure": `agency:${k}:${y}` });
        if (typeof v === "number" && typeof prev === "number" && !k.endsWith("share")) {
          const d = v - prev;
          td.appendChild(el("small", { class: d > 0 ? "up" : d < 0 ? "down" : "" }, ` (${d > 0 ? "+" : ""}${fmt(d)})`));
        }
        return td;
      }))), { id: "agency-figures" }));
    parts.push(el("div", { id: "chart-agency", class: "chart" }));
    // carry-over check: this year's carried over = last year's carried forward
    parts.push(el("h2", {}, bi("跨年结转核对", "Carry-over check (this year's 上年结转 = last year's 结转下年度, rule X1)")));
    parts.push(table([bi("年度", "year"), bi("本年上年结转", "carried over (this year)"), bi("上年结转下年度", "carried forward (last year)"), bi("X1 逐列", "X1 per column")],
      years.map((y) => {
        const prev = byYear[y.year - 1];
        const x1 = y.carry_over || { passed: 0, other: 0, failed: [] };
        const bad = x1.failed || [];
        return el("tr", {}, el("td", {}, y.year), num(y.figures.carried_over), num(prev ? prev.figures.carried_forward : null),
          el("td", { class: bad.length ? "bad" : "" }, !prev ? "无上年报告 · no report last year" : x1.passed + x1.other ?
            `${x1.passed} 通过 pass, ${bad.length} 不符 fail, ${x1.other - bad.length} 跳过 skipped` + (bad.length ? ": " + bad.map((c) => `${c.scope} ${fmt(c.observed)} ≠ ${fmt(c.expected)}`).join("; ") : "") : "—"));
      }), { id: "carry-over" }));
    // one block per year
    for (const y of [...years].reverse()) parts.push(yearBlock(y, dims, y === years[years.length - 1]));
    if ((a.other_documents || []).length) {
      parts.push(el("h2", {}, bi("其他副本", "Other copies of these reports (not counted)")));
      parts.push(el("ul", {}, a.other_documents.map((d) => el("li", {}, `${d.year} `, fileLink(d.source_file, d.source_path)))));
    }
    root.replaceChildren(...parts);
    plot("chart-agency", [
      ...MIX.map(([k, zh, en]) => ({ type: "bar", name: `${zh} ${en}`, x: ys, y: ys.map((y) => byYear[y].figures[k]) })),
      { type: "scatter", mode: "lines+markers", name: "本年新收 new", x: ys, y: ys.map((y) => byYear[y].figures.new_received) }],
      { barmode: "stack", xaxis: { dtick: 1 } });
    if (location.hash) { const t = document.getElementById(location.hash.slice(1)); if (t) { t.open = true; t.scrollIntoView(); } }
  }

  function yearBlock(y, dims, open) {
    const d = y.document;
    const v = d.template_version;
    const details = el("details", { id: "y" + y.year, class: "year", open: open ? "open" : null });
    details.appendChild(el("summary", {}, el("b", {}, `${y.year} 年度`), ` · ${v || "?"} · `, fileLink(d.source_file, d.source_path),
      ` · ${d.parse_status}` + (y.checks.problems.length ? ` · ${y.checks.problems.length} 项检查未通过 checks not passed` : "")));
    details.appendChild(el("p", { class: "meta" }, `标题 title: ${d.title || "—"} · 发布 published: ${d.publication_date || "—"} · 版式 layout: ${d.layout || "—"} · 格式 format: ${d.source_format || "—"} · 原文机关名 name as printed: ${d.name_as_printed || "—"}`));
    // table 二
    const t2 = y.t2 || {};
    const items = dims.disclosure_items.filter((i) => i.key in t2);
    details.appendChild(el("h3", {}, bi("表二 主动公开", "Table 2: proactive disclosure")));
    details.appendChild(table([bi("子表", "sub-table"), bi("项目", "item"), bi("单位", "unit"), bi("数值", "value")],
      items.map((i) => el("tr", {}, el("td", {}, i.subtable), el("td", {}, bi(i.zh, i.en)), el("td", {}, i.unit || ""), num(t2[i.key])))));
    // table 三
    const t3 = y.t3 || {};
    details.appendChild(el("h3", {}, bi("表三 收到和处理政府信息公开申请", "Table 3: applications received and handled")));
    details.appendChild(table([bi("办理结果", "outcome"), ...dims.applicants.map((c) => bi(c.zh, c.en))],
      dims.outcomes.filter((o) => o.key in t3 || (o.templates || []).includes(v))
        .map((o) => el("tr", { class: "lvl" + o.level }, el("td", {}, o.zh), (t3[o.key] || []).length ? t3[o.key].map((x, i) => num(x, undefined, { "data-figure": `t3:${o.key}:${dims.applicants[i].key}:${y.year}` })) : el("td", { colspan: dims.applicants.length }))),
      { class: "data t3" }));
    // table 四
    const t4 = y.t4 || {};
    details.appendChild(el("h3", {}, bi("表四 行政复议、行政诉讼", "Table 4: administrative review and litigation")));
    details.appendChild(table(dims.review_litigation.map((c) => el("span", { title: c.en }, c.zh)), [el("tr", {}, dims.review_litigation.map((c) => num(t4[c.key])))], { class: "data t4" }));
    // the six sections
    details.appendChild(el("h3", {}, bi("正文六部分", "The six sections (similarity with last year's text)")));
    for (const s of y.sections || []) {
      const sim = y.reuse ? y.reuse[s.key] : undefined;
      details.appendChild(el("details", { class: "section" }, el("summary", {}, `${s.zh || s.heading} `, el("small", {}, SECTION_EN[s.key] || s.en || ""),
        sim === undefined ? "" : el("span", { class: "sim" + (sim !== null && sim >= 0.8 ? " bad" : "") }, sim === null ? " · 过短 too short to compare" : ` · 与上年相似度 similarity ${fmt(sim, 2)}`),
        el("small", {}, ` · 行 lines ${s.line_start}–${s.line_end}`)), el("pre", {}, s.text || "")));
    }
    // checks
    const c = y.checks;
    details.appendChild(el("h3", {}, bi("检查", `Checks: ${c.passed} passed, ${c.skipped} skipped, ${c.problems.length} not passed`)));
    if (c.problems.length) details.appendChild(table([bi("规则", "rule"), bi("范围", "scope"), bi("结果", "status"), bi("实际值", "observed"), bi("期望值", "expected"), bi("说明", "message")],
      c.problems.map((p) => el("tr", {}, el("td", {}, p.rule_group === "balance" || p.rule === "X1" ? el("a", { href: `broken.html?rule=${p.rule}&page=1` }, p.rule) : p.rule),
        el("td", {}, p.scope || ""), el("td", { class: "st-" + p.status }, p.status), num(p.observed), num(p.expected), el("td", { class: "msg" }, p.message || "")))));
    return details;
  }

  // ------------------------------------------------------------ reuse
  function reuse() {
    const p = page();
    const sections = [...new Set(p.summary.map((r) => r.section_key))];
    const trace = (k, col) => sections.map((s) => {
      const rows = p.summary.filter((r) => r.section_key === s);
      return { type: k, mode: "lines+markers", name: (rows[0].section_zh || s), x: rows.map((r) => r.report_year), y: rows.map((r) => r[col]) };
    });
    plot("chart-reuse-mean", trace("scatter", "mean_similarity"), { xaxis: { dtick: 1 }, yaxis: { range: [0, 1] } });
    plot("chart-reuse-share", trace("bar", "share_at_least_80"), { xaxis: { dtick: 1 }, yaxis: { tickformat: ".0%" } });
  }

  // ------------------------------------------------------------ broken arithmetic
  async function broken() {
    const p = page();
    const root = document.getElementById("broken");
    const first = p.summary.find((r) => r.failed || r.incomplete);
    const rule = param("rule") || (first && first.rule_id);
    if (!rule) return;
    const n = Number(param("page") || 1);
    let d;
    try { d = await load(`broken/${rule}/${n}`); } catch (e) { root.replaceChildren(el("p", { class: "note" }, "无此页 · no such page")); return; }
    const parts = [el("h2", {}, `${rule} · ${d.total} 条 instances`), pager(d, (i) => `broken.html?rule=${rule}&page=${i}`)];
    for (const r of d.rows) {
      parts.push(el("article", { class: "instance" },
        el("h3", {}, agencyLink(r.agency_key, r.agency_name, r.report_year), ` ${r.report_year || "?"} · ${r.rule_id} · ${r.scope_key} · `,
          el("span", { class: "st-" + r.check_status }, r.check_status === "fail" ? "不符 fail" : "不完整 incomplete"),
          r.verification === "rule_resolved" ? el("span", { class: "resolved verification" }, " 全部单元格由勾稽关系推定 · every filled cell recovered by the rules: not independently verified") : null),
        el("p", {}, r.rule_description_zh, el("br"), el("small", {}, r.rule_description_en)),
        el("p", { class: "figures" }, "实际值 observed ", el("b", { class: "observed" }, fmt(r.observed)), " · 期望值 expected ", el("b", { class: "expected" }, fmt(r.expected)),
          " · 差额 difference ", el("b", {}, fmt(r.difference)), " · 来源 source ", fileLink(r.source_file, r.source_path)),
        table([bi("侧", "side"), bi("单元格", "cell"), bi("原文", "raw text"), bi("数值", "value"), bi("行", "line"), bi("页", "page"), bi("标记", "flags"), bi("文件", "file")],
          r.cells.map((c) => el("tr", { class: c.side + (c.rule_resolved ? " rule-resolved" : "") }, el("td", {}, c.side === "lhs" ? "合计 total" : "分项 part"), el("td", {}, c.label_zh || c.cell_key, el("br"), el("small", {}, c.label_en || "")),
            el("td", { class: "raw" }, c.missing ? "（未找到 not found）" : c.raw_text === null ? "（空白 blank）" : c.raw_text), num(c.value), el("td", { class: "num" }, c.line ?? "—"), el("td", { class: "num" }, c.page ?? "—"),
            el("td", {}, c.rule_resolved ? el("span", { class: "resolved", title: "由勾稽关系推定，非独立读取 · recovered by the template's arithmetic, not read by itself" }, "推定 rule-resolved ") : null, (c.flags || []).filter((f) => !c.rule_resolved || f !== "rule_resolved").join(", ")), el("td", {}, c.document_id !== r.document_id ? fileLink(c.source_file, c.source_path) : "本报告 this report"))),
          { class: "data cells" })));
    }
    parts.push(pager(d, (i) => `broken.html?rule=${rule}&page=${i}`));
    root.replaceChildren(...parts);
  }

  function pager(d, href) {
    const nav = el("nav", { class: "pager" }, `第 ${d.page} / ${d.pages} 页 page · 共 ${d.total} total `);
    if (d.page > 1) nav.appendChild(el("a", { href: href(d.page - 1) }, "← 上一页 prev"));
    if (d.page < d.pages) nav.appendChild(el("a", { href: href(d.page + 1) }, "下一页 next →"));
    return nav;
  }

  // ------------------------------------------------------------ lists
  async function list() {
    const name = param("l");
    const n = Number(param("page") || 1);
    const root = document.getElementById("list");
    let d;
    try { d = await load(`lists/${name}/${n}`); } catch (e) { root.replaceChildren(el("p", { class: "note" }, "无此列表 · no such list: " + name)); return; }
    const [zh, en] = LIST_TITLES[d.kind] || [d.kind, d.kind];
    const cell = (r, c) => {
      if (c === "agency_name") return el("td", {}, agencyLink(r.agency_key, r.agency_name, r.report_year));
      if (c === "source_file") return el("td", {}, fileLink(r.source_file, r.source_path));
      if (c === "report_year" || c === "line_number") return el("td", { class: "num" }, r[c] ?? "—");
      if (typeof r[c] === "number") return num(r[c], c === "similarity" ? 3 : undefined);
      return el("td", { class: c === "message" || c === "cells" ? "msg" : "" }, r[c] ?? "—");
    };
    root.replaceChildren(
      el("h1", {}, zh, d.kind === "abstained" || d.kind === "reuse" ? "" : ": " + d.key, " ", el("small", {}, en)),
      pager(d, (i) => `list.html?l=${encodeURIComponent(name)}&page=${i}`),
      table(d.columns.map((c) => bi(...(LABELS[c] || [c, c]))), d.rows.map((r) => el("tr", {}, d.columns.map((c) => cell(r, c)))), { id: "list-table" }));
  }

  return { data, load, pages: { overview, trends, agency, reuse, broken, list } };
})();
