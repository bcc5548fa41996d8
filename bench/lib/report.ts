import fs from 'node:fs';
import os from 'node:os';

export interface Row {
  measure: string;
  result: string;
  baseline: string;
  ratio: string;
  target: string;
  met: boolean | null;
}

export function table(rows: Row[]): string {
  const header = ['measure', 'result', 'baseline (same run)', 'ratio', 'target', 'met'];
  const body = rows.map((r) => [r.measure, r.result, r.baseline, r.ratio, r.target, r.met === null ? '—' : r.met ? 'yes' : 'NO']);
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...body.map((cells) => `| ${cells.join(' | ')} |`)].join('\n');
}

export function machine(): string {
  return `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

/** Hand-written analysis below this marker in RESULTS.md survives new runs. */
const ANALYSIS_MARKER = '<!-- analysis: kept across runs -->';

export function writeResults(rows: Row[], notes: string[]): void {
  const file = new URL('../RESULTS.md', import.meta.url);
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const analysis = previous.includes(ANALYSIS_MARKER) ? previous.slice(previous.indexOf(ANALYSIS_MARKER)) : ANALYSIS_MARKER + '\n';
  const text = [
    '# Benchmark results',
    '',
    `Run on ${new Date().toISOString()} — ${machine()}. Produced by \`npm run bench\`; every ratio is against a baseline measured in the same run.`,
    '',
    table(rows),
    '',
    ...notes,
    '',
    analysis,
  ].join('\n');
  fs.writeFileSync(file, text);
}
