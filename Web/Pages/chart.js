// Plain SVG line charts: no library, nothing fetched from elsewhere.
"use strict";
const Chart = (() => {
  const NS = "http://www.w3.org/2000/svg";
  function el(name, attrs) {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    return e;
  }
  // lines: [{ points: [[x, y], ...], color, dashed, thin, dots }]; draws them on one scale with a frame and min/max
  // labels. Points with no value break nothing: they are left out (dots) or skipped (lines).
  function draw(svg, lines, labels) {
    const box = svg.viewBox.baseVal, w = box.width || 200, h = box.height || 40, pad = labels ? 40 : 2;
    const all = lines.flatMap(l => l.points).filter(p => Number.isFinite(p[1]));
    svg.replaceChildren();
    if (all.length === 0) return;
    const xs = all.map(p => p[0]), ys = all.map(p => p[1]);
    const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    const sx = x => pad + (x1 === x0 ? 0.5 : (x - x0) / (x1 - x0)) * (w - 2 * pad);
    const sy = y => h - pad / 2 - (y1 === y0 ? 0.5 : (y - y0) / (y1 - y0)) * (h - pad);
    for (const line of lines) {
      if (line.dots) {
        for (const p of line.points.filter(p => Number.isFinite(p[1]))) svg.append(el("circle", { cx: sx(p[0]).toFixed(1), cy: sy(p[1]).toFixed(1), r: 3, fill: line.color, class: line.name || "" }));
        continue;
      }
      const d = line.points.filter(p => Number.isFinite(p[1])).map((p, i) => (i ? "L" : "M") + sx(p[0]).toFixed(1) + " " + sy(p[1]).toFixed(1)).join(" ");
      if (d) svg.append(el("path", { d, fill: "none", stroke: line.color, "stroke-width": line.thin ? 0.8 : labels ? 1.6 : 1.2, "stroke-dasharray": line.dashed ? "5 4" : "none", class: line.name || "" }));
    }
    if (labels) {
      const text = (x, y, s) => { const t = el("text", { x, y, "font-size": 11, fill: "#667" }); t.textContent = s; svg.append(t); };
      text(2, sy(y1) + 4, y1.toPrecision(5)); text(2, sy(y0), y0.toPrecision(5));
      text(pad, h - 2, "t " + x0); text(w - pad - 60, h - 2, "t " + x1);
    }
  }
  return { draw };
})();
