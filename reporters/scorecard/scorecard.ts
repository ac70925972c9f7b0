/** Builds the scorecard (Markdown page, HTML heat-map, TESTING.md sections) from gate results. */
import type { GateResult } from '../gate-model';
import { REQUIRED_ITERATIONS, matrixStatus } from './cell-status';
import { renderHeatmapHtml } from './heatmap-html';
import { chaosRows, renderChaosTable } from './chaos-table';
import { KPI_ROWS, renderKpiTable, type PerfResults } from './kpi-table';
import { L0_ROW, layerRows, renderLayerTable } from './layer-table';
import { renderDoneLine, renderMatrixTable } from './matrix-markdown';
import { renderSecurityHtml, renderSecurityTable, securityStatus } from './security-table';
import type { LayerListing } from './suite-listing';
import { renderPerNodeHtml, renderPerNodeMarkdown } from './per-node-matrix';
import { tableRows, type DocSection } from './update-doc';
import { renderExploreSection, type ExploreCoverage } from './explore-section';

export interface ScorecardInput {
  results: GateResult[];
  listing?: LayerListing;
  perf: PerfResults;
  required?: number;
  now?: Date;
  /** Model-based exploration coverage (reports/explore/coverage-*.json); absent = no section. */
  explore?: ExploreCoverage[];
}

export interface Scorecard {
  markdown: string;
  html: string;
  sections: DocSection[];
}

export function buildScorecard(input: ScorecardInput): Scorecard {
  const required = input.required ?? REQUIRED_ITERATIONS;
  const generatedAt = (input.now ?? new Date()).toISOString();
  const matrix = matrixStatus(input.results, required);
  const matrixSection = `${renderMatrixTable(matrix)}\n\n${renderDoneLine(matrix, required)}`;
  const rows = layerRows(input.results, input.listing, required);
  const security = securityStatus(input.results, required);

  const sections: DocSection[] = [
    {
      id: 'matrix',
      heading: /^###\s+Per-app × per-state matrix/,
      trailingParagraph: /^Done:/,
      render: () => matrixSection,
    },
    {
      id: 'layers',
      heading: /^###\s+Layer-by-layer status/,
      render: (old) => renderLayerTable(rows, old.split('\n').find((l) => /^\|\s*L0\b/.test(l)) ?? L0_ROW),
    },
    {
      id: 'kpi',
      heading: /^##\s+Performance KPIs/,
      render: (old) => {
        const known = new Set(KPI_ROWS.map((r) => r.kpi));
        const previous = Object.fromEntries(
          tableRows(old)
            .filter((r) => known.has(r[0]))
            .map((r) => [r[0], r[1]]),
        );
        return renderKpiTable(input.perf, previous);
      },
    },
  ];

  const sources = input.results.length
    ? input.results
        .map(
          (r) =>
            `- ${r.node}: verdict **${r.verdict}**, ${r.iterations} iterations of ${r.layers.join(', ')}, ${r.generatedAt}`,
        )
        .join('\n')
    : '- no gate results yet: run `npm run gate -- --project=<node>`';
  const markdown = [
    '# archy-e2e scorecard',
    '',
    `Generated ${generatedAt} from the latest gate results (\`reports/gate/*.json\`):`,
    '',
    sources,
    '',
    'Legend: ● fully covered (every run passed, ' +
      `${required}/${required}` +
      '), ◐ partial (some passes or fewer runs), ○ missing (no passing run, or not covered: reason given), n/a not applicable',
    '',
    '### Per-app × per-state matrix (L1 + L2)',
    '',
    matrixSection,
    '',
    ...(input.results.length > 1
      ? ['### Per node (one column group per node)', '', renderPerNodeMarkdown(input.results, required), '']
      : []),
    '### Security (L1): protection × result',
    '',
    renderSecurityTable(security),
    '',
    '### Layer-by-layer status',
    '',
    renderLayerTable(rows),
    '',
    '### L5 chaos scenarios',
    '',
    renderChaosTable(chaosRows(input.results)),
    '',
    '## Performance KPIs',
    '',
    renderKpiTable(input.perf),
    '',
    ...(input.explore
      ? ['### Exploration: (state, action) coverage', '', renderExploreSection(input.explore), '']
      : []),
  ].join('\n');

  let html = renderHeatmapHtml(matrix, input.results, generatedAt);
  if (input.results.length > 1)
    html = html.replace('</body>', `${renderPerNodeHtml(input.results, required)}\n</body>`);
  html = html.replace('</body>', `${renderSecurityHtml(security)}\n</body>`);
  return { markdown, html, sections };
}
