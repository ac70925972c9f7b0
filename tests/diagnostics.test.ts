/**
 * Must-have "diagnostics on every layer": a planted L1 failure on the sim has the node's state,
 * container-list, the test's RPC calls with their answers, the calls the node saw and its log attached
 * — in Playwright's JSON and HTML reports and in the Allure results; a passing test has none.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { runPlaywright, simRunPassed, summaryCount, type PlaywrightRun } from './support/run-playwright';
import { startSim, type StartedSim } from '../lib/start-sim';

interface JsonAttachment {
  name: string;
  contentType: string;
  body?: string;
  path?: string;
}
interface JsonResult {
  status: string;
  startTime: string;
  attachments: JsonAttachment[];
}
interface JsonSuite {
  specs?: { title: string; tests: { results: JsonResult[] }[] }[];
  suites?: JsonSuite[];
}

function specsOf(suite: JsonSuite): NonNullable<JsonSuite['specs']> {
  return [...(suite.specs ?? []), ...(suite.suites ?? []).flatMap(specsOf)];
}

function attachmentText(a: JsonAttachment): string {
  if (a.body) return Buffer.from(a.body, 'base64').toString('utf8');
  return a.path ? readFileSync(a.path, 'utf8') : '';
}

const PLANTED = 'planted: filebrowser is in a state no node has';

describe('diagnostics of a planted L1 failure', { timeout: 300_000 }, () => {
  const outRoot = mkdtempSync(path.join(tmpdir(), 'archy-diagnostics-out-'));
  const jsonFile = path.join(outRoot, 'report.json');
  let sim: StartedSim;
  let run: PlaywrightRun;

  before(async () => {
    sim = await startSim();
    run = await runPlaywright(['-c', 'tests/diagnostics-run/json.config.ts', '--project=sim'], {
      ARCHY_SIM_READY: sim.readyJson,
      ARCHY_OUTPUT_ROOT: outRoot,
      ARCHY_SPEC_DIRS: 'tests/diagnostics-run',
      PLAYWRIGHT_JSON_OUTPUT_NAME: jsonFile,
    });
  });
  after(async () => {
    await sim?.stop();
  });

  test('the planted test fails and the passing one passes', () => {
    assert.equal(summaryCount(run.output, 'failed'), 1, run.output.slice(-3000));
    // the setup's 6 (its SSH preflight skips: no ARCHY_SSH_HOST on the sim), the teardown and the pass
    assert.equal(summaryCount(run.output, 'passed'), simRunPassed(1), run.output.slice(-3000));
  });

  test('Playwright JSON report: state, container-list, the RPC calls with answers, node calls, log', () => {
    const specs = specsOf(JSON.parse(readFileSync(jsonFile, 'utf8')) as JsonSuite);
    const planted = specs.find((s) => s.title === PLANTED)!.tests[0]!.results[0]!;
    const byName = new Map(planted.attachments.map((a) => [a.name, a]));
    const named = (fragment: string) =>
      [...byName.values()].find((a) => a.name.startsWith('diagnostics:') && a.name.includes(fragment));
    const state = named('server.get-state');
    assert.ok(state, [...byName.keys()].join(', '));
    assert.ok(JSON.parse(attachmentText(state)).data['package-data'].filebrowser, 'get-state holds filebrowser');
    const containers = named('container-list');
    assert.ok(containers && Array.isArray(JSON.parse(attachmentText(containers))));
    const calls = named('RPC calls the test made');
    assert.ok(calls);
    const recorded = JSON.parse(attachmentText(calls)) as { method: string; status?: number; result?: unknown }[];
    const getState = recorded.find((c) => c.method === 'server.get-state');
    assert.ok(getState && getState.status === 200 && getState.result, JSON.stringify(recorded).slice(0, 500));
    // What the sim saw from the test's start on (a time, no cursor call): the test's own calls, none from before it.
    const saw = named('saw during the test');
    assert.ok(saw, 'the calls the sim saw');
    const sawCalls = JSON.parse(attachmentText(saw)) as { method: string; at: string }[];
    assert.ok(
      sawCalls.some((c) => c.method === 'server.get-state'),
      `the sim saw the test's get-state: ${JSON.stringify(sawCalls).slice(0, 300)}`,
    );
    const startedMs = Date.parse(planted.startTime);
    assert.ok(
      sawCalls.every((c) => Date.parse(c.at) >= startedMs),
      `every call the sim saw is from the test's time on (it started ${planted.startTime}): ${sawCalls.map((c) => `${c.at} ${c.method}`).join(', ')}`,
    );
    assert.ok(named('daemon log'), 'the node log');
    const passing = specs.find((s) => s.title === 'a passing L1 test gets no diagnostics')!.tests[0]!.results[0]!;
    assert.deepEqual(
      passing.attachments.filter((a) => a.name.startsWith('diagnostics:')),
      [],
    );
  });

  test('HTML report holds the attachments', () => {
    const html = readFileSync(path.join(outRoot, 'reports', 'html', 'index.html'), 'utf8');
    const base64 = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/.exec(html)?.[1];
    assert.ok(base64, 'the report data embedded in index.html');
    const files = unzipSync(Buffer.from(base64, 'base64'));
    const text = Object.values(files)
      .map((bytes) => strFromU8(bytes))
      .join('\n');
    for (const want of [
      'diagnostics: sim server.get-state',
      'diagnostics: sim container-list',
      'diagnostics: RPC calls the test made on sim',
      'diagnostics: sim daemon log',
    ]) {
      assert.ok(text.includes(want), `${want} in the HTML report`);
    }
  });

  test('Allure results: the failed test has the diagnostics attachments', () => {
    const dir = path.join(outRoot, 'reports', 'allure-results', 'sim');
    const results = readdirSync(dir)
      .filter((f) => f.endsWith('-result.json'))
      .map(
        (f) =>
          JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as {
            name: string;
            status: string;
            attachments: { name: string; source: string }[];
            steps?: unknown[];
          },
      );
    const planted = results.find((r) => r.name === PLANTED);
    assert.ok(planted, results.map((r) => r.name).join(', '));
    assert.equal(planted.status, 'failed');
    const names = JSON.stringify(planted).match(/"name":"diagnostics: [^"]+"/g) ?? [];
    for (const want of [
      'server.get-state',
      'container-list',
      'RPC calls the test made',
      'saw during the test',
      'daemon log',
    ]) {
      assert.ok(
        names.some((n) => n.includes(want)),
        `${want} in ${names.join(', ')}`,
      );
    }
    const stateAttachment = JSON.stringify(planted).match(
      /"name":"diagnostics: sim server\.get-state"[^}]*"source":"([^"]+)"/,
    );
    assert.ok(stateAttachment && readFileSync(path.join(dir, stateAttachment[1]!), 'utf8').includes('package-data'));
  });
});
