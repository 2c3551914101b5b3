// docs/benchmarks.svg from one `npm run bench` report, drawn here so the docs
// need no plotting dependency: per benchmark, its rates beside their baselines
// (left) and its latencies as p50/p99 bars beside the baselines' (right).
// Each pair of bars has its own scale: the figures differ by orders of
// magnitude between benchmarks, so every bar is labelled with its value.

const WIDTH = 1000;
const MARGIN = 20;
const COLUMN = (WIDTH - 3 * MARGIN) / 2;
const TAG = 62; // "wabus" / "baseline" in front of each bar
const BAR_MAX = 210;
const BAR = 14;
const ITEM = 78;
const COLORS = { rate: '#2563eb', baselineRate: '#9ca3af', p50: '#1d4ed8', p99: '#93c5fd', baselineP50: '#4b5563', baselineP99: '#d1d5db', text: '#111827', muted: '#6b7280', rule: '#e5e7eb' };
const FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";

/** `report`: as written by scripts/bench.mjs (docs/benchmarks.json). */
export function renderChart(report) {
  const parts = [];
  let y = MARGIN;
  const { machine } = report;
  parts.push(text(MARGIN, y + 16, 'wabus benchmarks: each figure beside its baseline, measured in the same run', { size: 17, weight: 600 }));
  parts.push(text(MARGIN, y + 36, `${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC · ${machine.cpu} · ${machine.cores} cores · Node ${machine.node}`, { size: 12, fill: COLORS.muted }));
  y += 50;
  const changed = [...Object.entries(report.settings ?? {}).map(([key, value]) => `${key}=${value}`), ...report.runs.filter((run) => run.args.length > 0).map((run) => `${run.name} ${run.args.join(' ')}`)];
  for (const line of wrap(changed.length > 0 ? ['not a default run:', ...changed] : [], 135)) {
    parts.push(text(MARGIN, y + 4, line, { size: 12, fill: '#b91c1c' }));
    y += 17;
  }
  if (changed.length > 0) y += 5;
  parts.push(legend(y));
  y += 30;
  for (const run of report.runs) {
    const section = drawSection(run, y);
    parts.push(section.svg);
    y += section.height;
  }
  const height = y + MARGIN;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FONT}">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function legend(y) {
  const swatch = (x, color, label) => `<rect x="${x}" y="${y}" width="12" height="12" fill="${color}"/>${text(x + 17, y + 10.5, label, { size: 12 })}`;
  return [
    swatch(MARGIN, COLORS.rate, 'wabus rate'),
    swatch(MARGIN + 105, COLORS.baselineRate, 'baseline rate'),
    swatch(MARGIN * 2 + COLUMN, COLORS.p50, 'wabus p50'),
    swatch(MARGIN * 2 + COLUMN + 95, COLORS.p99, 'wabus p99'),
    swatch(MARGIN * 2 + COLUMN + 190, COLORS.baselineP50, 'baseline p50'),
    swatch(MARGIN * 2 + COLUMN + 300, COLORS.baselineP99, 'baseline p99'),
  ].join('');
}

function drawSection(run, top) {
  const parts = [`<line x1="${MARGIN}" x2="${WIDTH - MARGIN}" y1="${top}" y2="${top}" stroke="${COLORS.rule}"/>`];
  parts.push(text(MARGIN, top + 20, run.name, { size: 15, weight: 600 }));
  const result = run.result;
  if (!result) {
    parts.push(text(MARGIN, top + 42, `no figures: the benchmark exited with ${run.exitCode}`, { size: 12, fill: '#b91c1c' }));
    return { svg: parts.join('\n'), height: 60 };
  }
  parts.push(text(MARGIN, top + 38, clip(result.title, 165), { size: 11.5, fill: COLORS.muted }));
  const rates = result.rows.filter((row) => row.chart);
  const latencies = result.latency;
  const itemsTop = top + 52;
  const left = MARGIN;
  const right = MARGIN * 2 + COLUMN;
  if (rates.length === 0) parts.push(text(left, itemsTop + 14, 'no rate to compare in this benchmark', { size: 11.5, fill: COLORS.muted }));
  rates.forEach((row, index) => parts.push(rateItem(row, left, itemsTop + index * ITEM)));
  if (latencies.length === 0) parts.push(text(right, itemsTop + 14, 'no latency to compare in this benchmark', { size: 11.5, fill: COLORS.muted }));
  latencies.forEach((entry, index) => parts.push(latencyItem(entry, right, itemsTop + index * ITEM)));
  return { svg: parts.join('\n'), height: 52 + Math.max(1, rates.length, latencies.length) * ITEM + 6 };
}

function rateItem(row, x, y) {
  const scale = BAR_MAX / Math.max(row.value ?? 0, row.baseline ?? 0, 1e-9);
  const ratio = row.ratio === null ? '' : `  (${row.ratio >= 10 ? row.ratio.toFixed(0) : row.ratio.toFixed(2)} × baseline)`;
  return [
    text(x, y + 11, clip(row.figure, 80), { size: 12, weight: 600 }),
    barRow(x, y + 18, 'wabus', [[row.value, COLORS.rate]], scale, `${amount(row.value, row.unit)}${ratio}`),
    barRow(x, y + 36, 'baseline', [[row.baseline, COLORS.baselineRate]], scale, amount(row.baseline, row.unit)),
    text(x + TAG, y + 63, clip(`baseline: ${row.baselineLabel ?? '–'}`, 78), { size: 10.5, fill: COLORS.muted }),
  ].join('');
}

function latencyItem(entry, x, y) {
  const base = entry.baseline;
  const scale = BAR_MAX / Math.max(entry.p99 ?? 0, entry.p50 ?? 0, base?.p99 ?? 0, base?.p50 ?? 0, 1e-9);
  const bars = (rowY, label, p50, p99, colors) =>
    barRow(x, rowY, label, [[p99, colors[0]], [p50, colors[1]]], scale, `p50 ${duration(p50, entry.unit)} · p99 ${duration(p99, entry.unit)}`);
  const rows = [text(x, y + 11, clip(entry.figure, 80), { size: 12, weight: 600 }), bars(y + 18, 'wabus', entry.p50, entry.p99, [COLORS.p99, COLORS.p50])];
  if (base) {
    rows.push(
      bars(y + 36, 'baseline', base.p50, base.p99, [COLORS.baselineP99, COLORS.baselineP50]),
      text(x + TAG, y + 63, clip(`baseline: ${base.label}`, 78), { size: 10.5, fill: COLORS.muted }),
    );
  } else rows.push(text(x, y + 47, 'no baseline for this latency', { size: 10.5, fill: COLORS.muted }));
  return rows.join('');
}

/** One labelled bar; several values draw over each other, longest first (p99 under p50). */
function barRow(x, y, tag, values, scale, label) {
  const bars = values
    .filter(([value]) => value !== null && value !== undefined)
    .map(([value, color]) => `<rect x="${x + TAG}" y="${y}" width="${Math.max(1, value * scale).toFixed(1)}" height="${BAR}" fill="${color}"/>`);
  const longest = Math.max(0, ...values.map(([value]) => (value ?? 0) * scale));
  return `${text(x, y + 11, tag, { size: 11, fill: COLORS.muted })}${bars.join('')}${text(x + TAG + longest + 6, y + 11, label, { size: 11 })}`;
}

function amount(value, unit) {
  if (value === null || value === undefined) return '–';
  const digits = Math.abs(value) >= 100 ? 0 : 1;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits })} ${unit}`.trim();
}

function duration(value, unit) {
  if (value === null || value === undefined) return '–';
  if (unit === 'ms' && value >= 1000) return `${(value / 1000).toFixed(value >= 10_000 ? 0 : 1)} s`;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: value >= 10 ? 0 : 1 })} ${unit}`;
}

/** Words (kept whole) into lines of at most `length` characters, joined by ' · ' after the first. */
function wrap(words, length) {
  const lines = [];
  for (const [index, word] of words.entries()) {
    const last = lines.at(-1);
    const joined = last === undefined ? word : `${last}${index === 1 ? ' ' : ' · '}${word}`;
    if (last !== undefined && joined.length <= length) lines[lines.length - 1] = joined;
    else lines.push(word);
  }
  return lines;
}

function clip(value, length) {
  const plain = String(value);
  return plain.length > length ? `${plain.slice(0, length - 1)}…` : plain;
}

function text(x, y, content, { size = 12, weight = 400, fill = COLORS.text } = {}) {
  return `<text x="${x}" y="${y}" font-size="${size}" font-weight="${weight}" fill="${fill}">${escape(content)}</text>`;
}

function escape(value) {
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
