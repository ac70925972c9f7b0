/**
 * Benchmark: how much the L4 install-and-use journey adds to the node's own install time.
 *   npx tsx journeys/bench/journey-overhead.ts [--app filebrowser] [--runs 3] [--time-scale 1]
 * Starts a private sim at the time scale, measures N times (a) the sim's own install → running+healthy
 * through the API (50 ms polling) and (b) the journey's phases login → install → wait → open → use
 * (setup and cleanup excluded: they are API work, not the user's journey), prints medians and the
 * ratio (acceptance: ≤ 1.3). Exit code 1 when the ratio is above the limit.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { scaledBudget } from '../../config/catalogue';
import { DEFAULT_SIM_PASSWORD, REPO_ROOT } from '../../config/env';
import { median, positiveNumber } from '../../lib/cli';
import { startSim } from '../../lib/start-sim';

const LIMIT = 1.3;
const JOURNEY_PHASES = ['login', 'install', 'wait', 'open', 'use'];

const { values: options } = parseArgs({
  options: {
    app: { type: 'string', default: 'filebrowser' },
    runs: { type: 'string' },
    'time-scale': { type: 'string' },
  },
});

class Api {
  private cookies = '';
  private csrf = '';
  constructor(private readonly baseUrl: string) {}
  async call(method: string, params: unknown = {}): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}/rpc/v1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: this.cookies, 'X-CSRF-Token': this.csrf },
      body: JSON.stringify({ method, params }),
    });
    const set = response.headers.getSetCookie();
    if (set.length) {
      this.cookies = set.map((c) => c.split(';')[0]).join('; ');
      this.csrf = /csrf_token=([^;]+)/.exec(this.cookies)?.[1] ?? '';
    }
    const body = (await response.json()) as { result?: unknown; error?: { message: string } | null };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result;
  }
  async entry(id: string): Promise<{ state: string; health?: string | null } | undefined> {
    const state = (await this.call('server.get-state')) as {
      data: { 'package-data': Record<string, { state: string; health?: string | null }> };
    };
    return state.data['package-data'][id];
  }
  async until(
    id: string,
    done: (e: { state: string; health?: string | null } | undefined) => boolean,
    timeoutMs: number,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(await this.entry(id))) {
      if (Date.now() > deadline) throw new Error(`${id}: not done within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

interface JsonStep {
  title: string;
  duration: number;
}

function journeyPhasesMs(reportFile: string): number {
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
    suites: Array<{
      specs?: Array<{ title: string; tests: Array<{ results: Array<{ status: string; steps: JsonStep[] }> }> }>;
    }>;
  };
  const result = report.suites
    .flatMap((s) => s.specs ?? [])
    .filter((s) => s.title.startsWith('install and use '))
    .flatMap((s) => s.tests)
    .flatMap((t) => t.results)[0];
  if (!result || result.status !== 'passed')
    throw new Error(`the journey did not pass (status ${result?.status ?? 'none'}); see ${reportFile}`);
  return result.steps
    .filter((s) => JOURNEY_PHASES.some((p) => s.title.startsWith(`${p}:`) || s.title.startsWith(`${p} (`)))
    .reduce((sum, s) => sum + s.duration, 0);
}

/** The App Store journey lists `marketplace.list` (sim/guesses.ts marketplaceMethod); a node without it cannot run the bench. */
async function ensureStoreCatalogue(api: Api): Promise<void> {
  try {
    await api.call('marketplace.list');
  } catch (error) {
    throw new Error(`the node has no App Store catalogue (marketplace.list): ${(error as Error).message}`);
  }
}

async function main(): Promise<void> {
  const app = options.app;
  const runs = positiveNumber(options.runs, 'runs', 3);
  const timeScale = positiveNumber(options['time-scale'], 'time-scale', 1);
  const sim = await startSim({ timeScale, password: DEFAULT_SIM_PASSWORD, label: 'bench sim' });
  try {
    const api = new Api(sim.ready.baseUrl);
    await api.call('auth.login', { password: DEFAULT_SIM_PASSWORD });
    await ensureStoreCatalogue(api);
    const budgetMs = scaledBudget(600_000, timeScale);

    const apiMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      if (await api.entry(app)) {
        await api.call('package.uninstall', { id: app });
        await api.until(app, (e) => e === undefined, budgetMs);
      }
      const t0 = Date.now();
      await api.call('package.install', { id: app });
      await api.until(app, (e) => e?.state === 'running' && e.health === 'healthy', budgetMs);
      apiMs.push(Date.now() - t0);
      console.log(`api run ${i + 1}: install → running+healthy ${apiMs[i]} ms`);
    }

    const journeyMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const reportFile = path.join(tmpdir(), `archy-e2e-bench-${process.pid}-${i}.json`);
      const run = spawnSync(
        'npx',
        [
          'playwright',
          'test',
          '--project=sim',
          'journeys/install-and-use.spec.ts',
          '--grep',
          `@app:${app}( |$)`,
          '--reporter=json',
        ],
        {
          cwd: REPO_ROOT,
          env: {
            ...process.env,
            ARCHY_SIM_READY: JSON.stringify(sim.ready),
            PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile,
            ARCHY_OUTPUT_ROOT: path.join(tmpdir(), `archy-e2e-bench-out-${process.pid}`),
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
      if (run.status !== 0) console.warn(`journey run ${i + 1} exited ${run.status}`);
      journeyMs.push(journeyPhasesMs(reportFile));
      rmSync(reportFile, { force: true });
      console.log(`journey run ${i + 1}: login → use ${journeyMs[i]} ms`);
    }

    const ratio = median(journeyMs) / median(apiMs);
    console.log(
      `\n${app} at time-scale ${timeScale}, ${runs} runs: sim install→healthy median ${median(apiMs)} ms; journey login→use median ${median(journeyMs)} ms; ratio ${ratio.toFixed(2)} (limit ${LIMIT})`,
    );
    process.exitCode = ratio <= LIMIT ? 0 : 1;
  } finally {
    await sim.stop();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 2;
});
