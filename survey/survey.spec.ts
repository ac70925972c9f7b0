/**
 * The node survey (scripts/survey.ts runs it: `npm run survey -- --project=<node>`): observes what the
 * node does for each guess of config/guesses.ts and writes profiles/<node>.json (or ARCHY_SURVEY_OUT)
 * plus a Markdown table beside it. Read-only unless the run allows destructive tests; then (on the
 * sim) it first brings every catalogue app up so there is something to see, and restarts / stops apps
 * to see transitions, health and dependants, leaving them running.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { apiTest as test, expect, newAnonymousRequest } from '../fixtures';
import { APPS } from '../config/apps';
import { globalEnv, nodePassword, simReady } from '../config/env';
import { GUESS_CATALOGUE } from '../config/guesses';
import { defaultProfilePath, type NodeProfile } from '../config/profiles';
import { ensureAppRunning } from '../lib/ensure-app';
import { observe, type ObserveContext } from '../lib/survey/observers';
import { profileMarkdown, toObservation } from '../lib/survey/profile-writer';
import { dashboardPages, selectorsFor } from '../pages';

test(
  'survey: what this node does where the evidence is silent',
  { tag: ['@survey'] },
  async ({ nodeConfig, rpc, nodeHttp, page, browser, playwright, ignoreHTTPSErrors, control }, testInfo) => {
    test.setTimeout(15 * 60_000);
    const destructive = nodeConfig.allowDestructive;
    if (destructive && nodeConfig.isSim) {
      await test.step('bring every app up (sim, destructive allowed)', async () => {
        for (const app of APPS.filter((a) => a.id !== 'bitcoin-core')) {
          const outcome = await ensureAppRunning(rpc, nodeConfig, app.id);
          if (!outcome.ready)
            testInfo.annotations.push({ type: 'survey', description: `${app.id}: ${outcome.reason}` });
        }
      });
    }
    const { selectors } = selectorsFor((await rpc.getState()).data['server-info'].version);
    const ui = dashboardPages(page, selectors);
    await ui.dashboard.handleOverlays((text) =>
      testInfo.annotations.push({ type: 'overlay closed', description: text }),
    );
    const ctx: ObserveContext = {
      node: nodeConfig,
      request: nodeHttp,
      rpc,
      page,
      dashboard: { ui, selectors },
      destructive,
      timeoutMs: nodeConfig.isSim ? 5_000 : 15_000,
      loginPage: async (look) => {
        const fresh = await browser.newContext({
          baseURL: nodeConfig.baseUrl,
          ignoreHTTPSErrors,
          storageState: { cookies: [], origins: [] },
        });
        try {
          return await look(dashboardPages(await fresh.newPage(), selectors).login);
        } finally {
          await fresh.close();
        }
      },
      anonymousLogin: async (password) => {
        const bare = await newAnonymousRequest(playwright, nodeConfig.baseUrl, ignoreHTTPSErrors);
        try {
          const response = await bare.post('/rpc/v1', {
            data: { method: 'auth.login', params: { password } },
            failOnStatusCode: false,
          });
          return response.status();
        } finally {
          await bare.dispose();
        }
      },
      loginSetCookies: async () => {
        const bare = await newAnonymousRequest(playwright, nodeConfig.baseUrl, ignoreHTTPSErrors);
        try {
          const response = await bare.post('/rpc/v1', {
            data: { method: 'auth.login', params: { password: nodePassword(nodeConfig.name) } },
            failOnStatusCode: false,
          });
          return response
            .headersArray()
            .filter((h) => h.name.toLowerCase() === 'set-cookie')
            .map((h) => h.value);
        } finally {
          await bare.dispose();
        }
      },
    };
    const variant = nodeConfig.isSim ? (simReady().variant ?? null) : null;
    const profile: NodeProfile = {
      node: nodeConfig.name,
      surveyedAt: new Date().toISOString(),
      variant: variant?.spec ?? null,
      destructive,
      guesses: {},
    };
    // What the host told SSH control (the sim is no host: none).
    const host = await test.step('host facts (SSH: set or discovered)', async () => control?.hostFacts());
    if (host) profile.host = host;
    for (const def of GUESS_CATALOGUE) {
      const o = await test.step(`observe ${def.id}`, () => observe(def.id, ctx));
      profile.guesses[def.id] = toObservation(def.id, o);
    }
    const file = globalEnv().surveyOut ? path.resolve(globalEnv().surveyOut!) : defaultProfilePath(nodeConfig.name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(profile, null, 2)}\n`);
    const markdown = profileMarkdown(profile, variant?.choices);
    writeFileSync(file.replace(/\.json$/, '.md'), markdown);
    await testInfo.attach('profile.md', { body: markdown, contentType: 'text/markdown' });
    const seen = Object.values(profile.guesses).filter((g) => g.observed !== null).length;
    expect(seen, `[node ${nodeConfig.name}] survey: guesses observed (${file})`).toBeGreaterThan(0);
  },
);
