/**
 * Projects per node, generated from the registry (config/nodes.ts):
 *   <node>-setup     preflight (TLS pin, health, session, node facts, snapshot of its apps) — setup/*.setup.ts
 *   <node>           the node's specs (api-specs/, journeys/, survival/, perf/), after its setup
 *   <node>-teardown  puts the node back to the snapshot (setup's `teardown`) — setup/*.teardown.ts
 * A run selects nodes with --project (no flag = the embedded sim). Selecting a real node whose
 * .env.<node> is missing or invalid fails here, at once, naming the variable and the file.
 * When the sim is selected this config starts the reference node (sim/) and stops it afterwards.
 */
import {
  defineConfig,
  type PlaywrightTestConfig,
  type PlaywrightTestOptions,
  type PlaywrightWorkerOptions,
  type Project,
  type ReporterDescription,
} from '@playwright/test';
import { CHROMIUM_FLAGS, resolveBrowser } from './config/browser';
import { appConcurrencyFor, externalSimReady, globalEnv, outputPaths, REPO_ROOT, runId } from './config/env';
import { NODE_CONTAINER, nodeNames, realNodeConfig, selectedNodes, SIM } from './config/nodes';
import { isPinned } from './lib/http/trust-root';
import { gateReporters } from './reporters';
import { gateLayersFromEnv } from './reporters/gate-layers';

/** The option each project sets (fixtures/index.ts `nodeName`). */
type NodeOption = { nodeName: string };

const env = globalEnv();
runId(); // one id for this run, inherited by the workers: the teardown restores this run's snapshot only
const out = outputPaths();
const selected = selectedNodes(process.argv);

// Fail fast, before anything starts: a selected real node must have a valid .env.<node>.
// The node container's file is written when its webServer starts it (below).
for (const node of selected) if (node !== SIM && node !== NODE_CONTAINER) realNodeConfig(node);

// config/browser.ts: PLAYWRIGHT_CHROMIUM_EXECUTABLE, a system Chromium, Playwright's cache (none: L4 fails once, journeys/browser.spec.ts).
const browser = resolveBrowser();
const executablePath = browser.ok ? browser.executablePath : undefined;

const specMatch = env.specDirs.map((dir) => `**/${dir.replace(/\/+$/, '')}/**/*.spec.ts`);
/** The node container runs L1, L2 (api-specs/), L3 (survival/) and L5 (chaos/), with control over SSH only. */
const NODE_CONTAINER_DIRS = ['api-specs', 'survival', 'chaos'];
const nodeContainerDirs = env.specDirs.filter((d) => NODE_CONTAINER_DIRS.includes(d.replace(/\/+$/, '')));
const nodeContainerMatch = nodeContainerDirs.length
  ? nodeContainerDirs.map((dir) => `**/${dir.replace(/\/+$/, '')}/**/*.spec.ts`)
  : specMatch;

/**
 * Workers of a node's project (issue 13): ARCHY_APP_CONCURRENCY, else on for the sim and off (1) for
 * a real node. Only api-specs/apps.spec.ts runs side by side (under lib/cells/locks.ts); a run that
 * includes journeys/ (they take no locks) keeps one worker on the sim unless the setting asks.
 */
function workersFor(node: string): number {
  const isSim = node === SIM;
  const gateLayers = gateLayersFromEnv();
  if (
    isSim &&
    env.appConcurrency === undefined &&
    (!gateLayers || gateLayers.includes('L4')) && // a gate without L4 runs no journey
    env.specDirs.some((d) => d !== 'api-specs' && d !== 'survival')
  )
    return 1;
  return appConcurrencyFor(isSim);
}

/**
 * Does the run verify this node's TLS against its pinned CA (lib/http/trust-root.ts)? Then every
 * context of its projects checks certificates (the CA reaches them as NODE_EXTRA_CA_CERTS, the
 * browser as the verified leaf's key, fixtures/node.ts). Only an unpinned https node, which the
 * preflight warns about, runs with certificate errors ignored.
 */
function verifiesTls(node: string): boolean {
  if (node === SIM) return env.simTls;
  if (node === NODE_CONTAINER) return true; // its https and CA are settled when it starts; http needs no check
  return isPinned(realNodeConfig(node));
}

function projectsFor(node: string): Project<PlaywrightTestOptions, PlaywrightWorkerOptions & NodeOption>[] {
  const isSim = node === SIM;
  const ignoreHTTPSErrors = selected.includes(node) && !verifiesTls(node);
  return [
    {
      name: `${node}-setup`,
      testMatch: 'setup/*.setup.ts',
      use: { nodeName: node, ignoreHTTPSErrors },
      timeout: 60_000,
      teardown: `${node}-teardown`, // puts the node back to the snapshot setup took, also after failures
    },
    {
      name: `${node}-teardown`,
      testMatch: 'setup/*.teardown.ts',
      use: { nodeName: node, storageState: out.authFile(node), ignoreHTTPSErrors },
      timeout: isSim ? 180_000 : 30 * 60_000,
    },
    {
      name: node,
      testMatch: node === NODE_CONTAINER ? nodeContainerMatch : specMatch,
      dependencies: [`${node}-setup`],
      workers: workersFor(node),
      use: { nodeName: node, storageState: out.authFile(node), ignoreHTTPSErrors },
      timeout: isSim ? 180_000 : 20 * 60_000,
    },
  ];
}

const startSim = selected.includes(SIM) && !externalSimReady();

/** The node in a container (lib/node-container/main.ts): started when its project is selected. */
function nodeContainerServer(): NonNullable<PlaywrightTestConfig['webServer']> {
  return {
    name: NODE_CONTAINER,
    command: `npx tsx lib/node-container/main.ts ${NODE_CONTAINER}`,
    cwd: REPO_ROOT,
    wait: { stdout: /NODE_CONTAINER_READY (?<archy_node_container_ready>\{.*\})/ },
    // its stop saves the journal and removes the container (up to 3 × `podman rm --time 10`); killed
    // before that, the container (restart policy always) would run on
    gracefulShutdown: { signal: 'SIGTERM', timeout: 120_000 },
    timeout: 12 * 60_000, // a first run builds the image (1-7 min: mmdebstrap, then the node layer)
    stdout: 'ignore',
    stderr: 'pipe',
  };
}
type WebServer = Exclude<NonNullable<PlaywrightTestConfig['webServer']>, unknown[]>;
const webServers: WebServer[] = selected.includes(NODE_CONTAINER) ? [nodeContainerServer() as WebServer] : [];
const redactor = require.resolve('./lib/redact-reporter');

const reporter: ReporterDescription[] = [
  [redactor, { phase: 'live' }], // first: scrubs step titles, errors and attachments before any other reporter sees them
  ['list'],
  // The gate's report is Allure (npm run report); its 20× runs skip Playwright's HTML report, which
  // would re-read every step of thousands of results for nothing.
  ...(gateLayersFromEnv() ? [] : [['html', { outputFolder: out.html, open: 'never' }] as ReporterDescription]),
  // Allure results per node (reports/allure-results/<node>) and pass rate / gate: reporters/ (release gate).
  ...selected.flatMap((node) => gateReporters(node, out.root)),
  [redactor, { phase: 'sweep' }], // last: a final pass over every file the run wrote
];

export default defineConfig<PlaywrightTestOptions, PlaywrightWorkerOptions & NodeOption>({
  testDir: REPO_ROOT,
  testIgnore: ['**/node_modules/**', '**/sim/**', '**/test/**'],
  outputDir: out.testResults,
  fullyParallel: false,
  // Each node's project has its own limit (workersFor): nodes run side by side, one worker each unless
  // the node allows app concurrency.
  workers: Math.max(
    1,
    selected.reduce((sum, node) => sum + workersFor(node), 0),
  ),
  retries: 0,
  forbidOnly: env.ci,
  reporter,
  // Secrets out of test-results/ whatever reporters run (the trace of a failed test included).
  globalTeardown: require.resolve('./lib/redact-global-teardown'),
  use: {
    browserName: 'chromium',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: 'off',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    launchOptions: { executablePath, args: CHROMIUM_FLAGS },
  },
  projects: nodeNames().flatMap(projectsFor),
  webServer: webServers.length ? webServers : undefined,
  // The sim is started by lib/start-sim (the suite's one launcher) and stopped after the run; then
  // every selected node's trust root is resolved, before any worker starts (lib/trust-global-setup.ts).
  globalSetup: [
    ...(startSim ? [require.resolve('./lib/sim-global-setup')] : []),
    require.resolve('./lib/trust-global-setup'),
  ],
});
