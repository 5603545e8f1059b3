// The front page: one server-sent event a second with the models, silos and the series matching the search.
"use strict";
const token = new URLSearchParams(location.search).get("token");
const withToken = url => token ? url + (url.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(token) : url;
const fmt = (v, digits = 4) => Number.isFinite(v) ? Number(v).toPrecision(digits) : "-";
const cell = (text, cls) => { const td = document.createElement("td"); td.textContent = text; if (cls) td.className = cls; return td; };
let source;

function render(view) {
  document.getElementById("silo").textContent = "answered by silo " + view.silo;
  document.getElementById("series-count").textContent = view.seriesCount;
  const models = document.querySelector("#models tbody");
  models.replaceChildren(...view.models.map(m => {
    const tr = document.createElement("tr");
    tr.dataset.model = m.name;
    const last = m.losses.length ? m.losses[m.losses.length - 1][1] : NaN;
    tr.append(cell(m.name), cell(m.version, "num version"), cell(m.steps, "num"), cell(fmt(last), "num"));
    const td = document.createElement("td");
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 200 40"); svg.classList.add("loss");
    Chart.draw(svg, [{ points: m.losses, color: "#d9480f" }], false);
    td.append(svg); tr.append(td);
    tr.append(cell(m.errorVsNaive == null ? "-" : m.errorVsNaive.toFixed(2) + "×", "num vs-naive"),
      cell(m.intervalCoverage == null ? "-" : Math.round(100 * m.intervalCoverage) + "%", "num coverage"), cell(m.anomalies, "num anomalies"));
    return tr;
  }));
  const silos = document.querySelector("#silos tbody");
  silos.replaceChildren(...view.silos.map(s => {
    const tr = document.createElement("tr");
    const rates = Object.entries(s.ticksPerSecond).map(([m, r]) => m + " " + r.toFixed(1)).join(", ") || "-";
    tr.append(cell(s.silo), cell(s.name), cell(rates));
    return tr;
  }));
  const series = document.querySelector("#series tbody");
  series.replaceChildren(...view.series.map(s => {
    const tr = document.createElement("tr");
    tr.dataset.silo = s.silo;
    const a = document.createElement("a");
    a.href = withToken("series?id=" + encodeURIComponent(s.id)); a.textContent = s.id;
    const link = document.createElement("td"); link.append(a);
    const ratio = s.recentNaiveError > 0 ? s.recentError / s.recentNaiveError : NaN;
    tr.append(link, cell(s.model ?? "-"), cell(s.silo), cell(s.ticksSeen, "num"), cell(s.modelVersion, "num"),
      cell(s.lastPrediction.map(v => fmt(v, 5)).join(" ")), cell(fmt(s.recentError), "num"), cell(fmt(s.recentNaiveError), "num"),
      cell(Number.isFinite(ratio) ? ratio.toFixed(2) + "×" : "-", "num " + (ratio < 1 ? "better" : "worse")),
      cell(s.intervalCoverage == null ? "-" : Math.round(100 * s.intervalCoverage) + "%", "num"), cell(s.anomalies, "num"));
    return tr;
  }));
}

function listen() {
  if (source) source.close();
  const q = document.getElementById("search").value;
  source = new EventSource(withToken("events/overview?q=" + encodeURIComponent(q)));
  source.addEventListener("snapshot", e => render(JSON.parse(e.data)));
}

document.getElementById("search").addEventListener("input", listen);
listen();
