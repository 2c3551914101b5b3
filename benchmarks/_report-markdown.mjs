// docs/benchmarks.md from one `npm run bench` report: the machine, each
// benchmark's load and duration, and per benchmark its figures beside the
// baselines measured in the same run.

/** `report`: {generatedAt, seconds, machine, runs: [{name, args, exitCode, seconds, loadBefore, loadAfter, result}]}. */
export function renderMarkdown(report, chartFile, jsonFile) {
  const { machine } = report;
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC, in ${minutes(report.seconds)}. Do not edit: run it again on a quiet machine to refresh this page, the plot and [${jsonFile}](${jsonFile}).`,
    'Every baseline is measured in the same run, on the same machine, right beside the figure it is compared with.',
    '',
    `![Rates and latencies of each benchmark beside its baselines](${chartFile})`,
    '',
    '## Machine',
    '',
    '| | |',
    '| --- | --- |',
    `| CPU | ${cell(machine.cpu)} |`,
    `| cores | ${machine.cores} |`,
    `| memory | ${machine.memoryGiB} GiB |`,
    `| Node.js | ${machine.node} |`,
    `| Redis · PostgreSQL | ${machine.redis ?? 'unknown'} · ${machine.postgres ?? 'unknown'} |`,
    `| OS | ${cell(machine.os)} |`,
    `| commit | ${machine.commit}${machine.uncommittedChanges ? ' with uncommitted changes' : ''} |`,
    `| date | ${report.generatedAt} |`,
    '',
    'Every service, Redis, PostgreSQL and the load generator share these cores, so the figures are what one machine does with all of it, not what one service does alone.',
    '',
    '## Runs',
    '',
    '| benchmark | arguments | took | load average before (1 · 5 · 15 min) | after | exit |',
    '| --- | --- | --: | --- | --- | --: |',
    ...report.runs.map((run) => `| [${run.name}](#${run.name}) | ${run.args.length ? `\`${run.args.join(' ')}\`` : 'defaults'} | ${minutes(run.seconds)} | ${loads(run.loadBefore)} | ${loads(run.loadAfter)} | ${run.exitCode}${run.exitCode === 0 ? '' : ' ⚠'} |`),
    '',
    '',
    `Settings from the environment: ${settingsText(report)}.`,
    '',
    'Ratio = ours ÷ baseline: above 1 is better for a rate, worse for a latency.',
  ];
  for (const run of report.runs) {
    lines.push('', `## ${run.name}`, '');
    if (!run.result) {
      lines.push(`No figures: the benchmark exited with ${run.exitCode} before reporting. Run \`npm run bench ${run.name}\` to see why.`);
      continue;
    }
    lines.push(`${cell(run.result.title)}.`, '', '| figure | wabus | baseline | ratio | the baseline is |', '| --- | --: | --: | --: | --- |');
    for (const row of run.result.rows) {
      lines.push(`| ${cell(row.figure)} | ${quantity(row.value, row.unit)} | ${quantity(row.baseline, row.unit)} | ${row.ratio === null ? '–' : ratio(row.ratio)} | ${cell(row.baselineLabel ?? '')} |`);
    }
  }
  lines.push(
    '',
    '## Reproduce',
    '',
    'Redis and PostgreSQL on their default local ports, then `npm run bench` (all of the above, about ten minutes) or `npm run bench <name>` for one benchmark with its own, longer tables.',
    'Each benchmark builds what it runs, starts the built services from `dist/` on a scratch database and queue prefix, and removes them at the end. Their sources, in `benchmarks/`, say what each one measures and which arguments it takes.',
    '',
  );
  return lines.join('\n');
}

function settingsText(report) {
  const settings = Object.entries(report.settings ?? {}).map(([key, value]) => `\`${key}=${value}\``);
  const shortened = settings.length > 0 || report.runs.some((run) => run.args.length > 0);
  if (!shortened) return 'none, every benchmark ran with its defaults';
  return `${settings.join(' ') || 'none'}. **Not a default run**: with these settings and the arguments above, the figures are not comparable with a default one`;
}

function quantity(value, unit) {
  if (value === null || value === undefined) return '–';
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : 1;
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return unit ? `${text} ${unit}` : text;
}

function ratio(value) {
  return value >= 10 ? value.toFixed(0) : value.toFixed(2);
}

function loads(values) {
  return values.map((value) => value.toFixed(2)).join(' · ');
}

function minutes(seconds) {
  return seconds < 90 ? `${Math.round(seconds)} s` : `${Math.floor(seconds / 60)} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`;
}

/** Text safe inside a Markdown table cell. */
function cell(text) {
  return String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
