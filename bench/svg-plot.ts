// A small-multiples line plot as SVG text, written by the benchmarks (no browser, no library):
// one panel per measurement, objects on x, the value on y, one line per series, both axes from 0
// so that a straight line through the origin is linear growth.

export interface PlotSeries {
  name: string;
  colour: string;
  /** [x, y] points, x ascending. */
  points: [number, number][];
  dashed?: boolean;
}

export interface PlotPanel {
  title: string;
  series: PlotSeries[];
}

const W = 300;
const H = 200;
const PAD = { left: 48, right: 12, top: 26, bottom: 34 };

/** A "nice" axis maximum: 1, 2 or 5 times a power of ten, at least `v`. */
export function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (v: number) => (v >= 1000 ? `${v / 1000}k` : String(+v.toPrecision(3)));

function panel(p: PlotPanel, ox: number, oy: number, yLabel: string): string {
  const xs = p.series.flatMap((s) => s.points.map(([x]) => x));
  const ys = p.series.flatMap((s) => s.points.map(([, y]) => y));
  const xMax = niceMax(Math.max(0, ...xs));
  const yMax = niceMax(Math.max(0, ...ys));
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const X = (x: number) => ox + PAD.left + (x / xMax) * iw;
  const Y = (y: number) => oy + PAD.top + ih - (y / yMax) * ih;
  const out: string[] = [];
  out.push(`<text x="${ox + W / 2}" y="${oy + 16}" text-anchor="middle" font-weight="bold">${esc(p.title)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const y = (yMax * i) / 4;
    out.push(`<line x1="${X(0)}" y1="${Y(y)}" x2="${X(xMax)}" y2="${Y(y)}" stroke="#ddd"/>`);
    out.push(`<text x="${X(0) - 4}" y="${Y(y) + 4}" text-anchor="end">${num(y)}</text>`);
    const x = (xMax * i) / 4;
    out.push(`<text x="${X(x)}" y="${Y(0) + 14}" text-anchor="middle">${num(x)}</text>`);
  }
  out.push(`<text x="${ox + 10}" y="${oy + PAD.top + ih / 2}" transform="rotate(-90 ${ox + 10} ${oy + PAD.top + ih / 2})" text-anchor="middle">${esc(yLabel)}</text>`);
  out.push(`<line x1="${X(0)}" y1="${Y(0)}" x2="${X(xMax)}" y2="${Y(0)}" stroke="#333"/><line x1="${X(0)}" y1="${Y(0)}" x2="${X(0)}" y2="${Y(yMax)}" stroke="#333"/>`);
  for (const s of p.series) {
    if (!s.points.length) continue;
    const d = s.points.map(([x, y]) => `${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join(' ');
    out.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5,3"' : ''} points="${d}"/>`);
    for (const [x, y] of s.points) out.push(`<circle cx="${X(x).toFixed(1)}" cy="${Y(y).toFixed(1)}" r="2.5" fill="${s.colour}"/>`);
  }
  return out.join('\n');
}

/** Panels in a grid of `columns`, a legend on top; `yLabel` names the unit of every panel. */
export function plotSvg(title: string, panels: PlotPanel[], opts: { columns?: number; yLabel?: string; xLabel?: string } = {}): string {
  const cols = opts.columns ?? 3;
  const rows = Math.ceil(panels.length / cols);
  const top = 52;
  const width = cols * W;
  const height = top + rows * H + 20;
  const series = [...new Map(panels.flatMap((p) => p.series).map((s) => [s.name, s])).values()];
  const legend = series.map((s, i) => {
    const x = 10 + i * 190;
    return `<line x1="${x}" y1="40" x2="${x + 24}" y2="40" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5,3"' : ''}/><text x="${x + 30}" y="44">${esc(s.name)}</text>`;
  });
  const body = panels.map((p, i) => panel(p, (i % cols) * W, top + Math.floor(i / cols) * H, opts.yLabel ?? ''));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`,
    ...legend,
    ...body,
    `<text x="${width / 2}" y="${height - 4}" text-anchor="middle">${esc(opts.xLabel ?? 'objects')}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
