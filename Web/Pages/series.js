// A series' page: one server-sent event a second with its status, recent window and current forecast.
"use strict";
const params = new URLSearchParams(location.search);
const id = params.get("id");
const token = params.get("token");
const withToken = url => token ? url + "&token=" + encodeURIComponent(token) : url;
const select = document.getElementById("feature");
let last;

function render(view) {
  last = view;
  const { status, history, forecast } = view;
  const features = history.features;
  if (select.options.length !== features.length) {
    select.replaceChildren(...features.map((f, i) => new Option(f, i)));
    const close = features.indexOf("close");
    if (close >= 0) select.value = close;
  }
  const i = Number(select.value || 0), p = features.length || 1;
  document.getElementById("title").textContent = "series " + status.seriesId;
  document.getElementById("facts").textContent =
    `model ${status.model}, weights version ${status.modelVersion}, silo ${status.silo}, ${status.ticksSeen} ticks seen; ` +
    `online error ${status.recentError.toPrecision(4)} vs naive ${status.recentNaiveError.toPrecision(4)}` +
    (status.intervalCoverage == null ? "" : `; ${Math.round(100 * status.intervalCoverage)}% of ticks inside their 80% interval`) +
    `; ${status.anomalies} anomalies`;
  const seq = history.sequences;
  const actual = seq.map((s, k) => [s, history.actual[k * p + i]]);
  // The prediction made on tick s is for tick s + 1.
  const predicted = seq.map((s, k) => [s + 1, history.predicted[k * p + i]]);
  const lower = seq.map((s, k) => [s + 1, history.lower ? history.lower[k * p + i] : NaN]);
  const upper = seq.map((s, k) => [s + 1, history.upper ? history.upper[k * p + i] : NaN]);
  const ahead = [[forecast.fromSequence, seq.length ? actual[actual.length - 1][1] : NaN]]
    .concat(Array.from({ length: forecast.horizon }, (_, h) => [forecast.fromSequence + h + 1, forecast.values[h * p + i]]));
  const band = end => Array.from({ length: forecast.horizon }, (_, h) => [forecast.fromSequence + h + 1, end ? end[h * p + i] : NaN]);
  const anomalies = seq.map((s, k) => [s, history.anomalies && history.anomalies[k] ? actual[k][1] : NaN]);
  const chart = document.getElementById("chart");
  Chart.draw(chart, [
    { points: actual, color: "#1d2433", name: "actual" },
    { points: predicted, color: "#d9480f", name: "predicted" },
    { points: ahead, color: "#2b8a3e", dashed: true, name: "forecast" },
    { points: lower.concat(band(forecast.lower)), color: "#f2a97e", dashed: true, thin: true, name: "lower-80" },
    { points: upper.concat(band(forecast.upper)), color: "#f2a97e", dashed: true, thin: true, name: "upper-80" },
    { points: anomalies, color: "#c92a2a", dots: true, name: "anomaly" },
  ], true);
  chart.dataset.points = actual.length;
  chart.dataset.lastSequence = seq.length ? seq[seq.length - 1] : -1;
}

select.addEventListener("change", () => last && render(last));
const source = new EventSource(withToken("events/series?id=" + encodeURIComponent(id)));
source.addEventListener("snapshot", e => render(JSON.parse(e.data)));
