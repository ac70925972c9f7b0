/**
 * How a survey (and a guessed check that failed) sees what a node does for each guess of
 * config/guesses.ts. Read-only observers change nothing; `destructive` ones (restart, stop, reinstall)
 * run only when the node allows it and leave the node as found. Each answers in the catalogue's words,
 * with the catalogue's choice restricted to what could be seen (`expected`), or null when it cannot see.
 */
import type { Page } from '@playwright/test';
import { APPS, appById, type AppEntry } from '../../config/apps';
import { directPorts, isBitcoinNode } from '../../config/catalogue';
import { GUESS_CATALOGUE, type GuessId } from '../../config/guesses';
import type { NodeHttp } from '../http/client';
import { packageEntries, scaledBudget } from '../ensure-app';
import { callAsSent, type NodeRpc } from '../rpc/node-rpc';
import { containerNamesText, containerRows, rowsOfApp } from '../probes/container-list';
import { inlineScriptBytes, referencedAssets } from '../probes/dashboard-probe';
import { httpFetch } from '../probes/http-fetch';
import { directPort, proxyUrl, uiUrls } from '../probes/node-urls';
import { pageProblem } from '../probes/page-verdict';
import type { ProbeNode } from '../probes/probe-types';
import { tcpPortState } from '../probes/tcp-port';
import { followState, markState } from '../cells/state-trail';
import { ABSENT, followHealth } from '../state-feed';
import { BITCOIN_DEPENDANT_CHECKS, UNSEEN as DEPENDANT_UNSEEN } from '../probes/bitcoin-dependants';
import type { DashboardPages, DashboardSelectors, LoginPage } from '../../pages';
import {
  observeEmptyState,
  observeLaunchOpens,
  observeLogoutPlace,
  observeNavItems,
  observeStateBadge,
  observeEmptySubmit,
} from './dashboard-observers';

export interface ObserveContext {
  node: ProbeNode & { timeScale: number; protectedApps?: readonly string[] };
  request: NodeHttp;
  rpc: NodeRpc & {
    raw(
      method: string,
      params?: unknown,
      options?: { session?: boolean; csrf?: boolean },
    ): Promise<{ status: number; body: unknown }>;
  };
  /** A page with the node's session (dashboard observers); absent = those are unknown. */
  page?: Page;
  /** Page objects on `page` with the node version's selectors (the dashboard's own choices); absent = unknown. */
  dashboard?: { ui: DashboardPages; selectors: DashboardSelectors };
  /** Runs `look` on the login page of a fresh browser context without a session (login observers). */
  loginPage?: <T>(look: (login: LoginPage) => Promise<T>) => Promise<T>;
  /** One password login from a fresh context: its Set-Cookie headers (cookie observer). */
  loginSetCookies?: () => Promise<string[]>;
  /** One auth.login with `password` from a fresh context without cookies: its HTTP status (login-window observer). */
  anonymousLogin?: (password: string) => Promise<number>;
  destructive: boolean;
  timeoutMs: number;
}

export interface Observation {
  observed: string | null;
  /** The catalogue's choice for the part that could be seen (default: the catalogue's choice). */
  expected?: string;
  detail?: string;
}

type Observer = (ctx: ObserveContext) => Promise<Observation>;

const UNSEEN = (detail: string): Observation => ({ observed: null, detail });
const choice = (id: GuessId): string => GUESS_CATALOGUE.find((g) => g.id === id)!.choice;

type Entries = Awaited<ReturnType<typeof packageEntries>>;
const running = (entries: Entries): AppEntry[] => APPS.filter((a) => entries[a.id]?.state === 'running');

async function dashboardHtml(ctx: ObserveContext): Promise<string | null> {
  const outcome = await httpFetch(ctx.request, proxyUrl(ctx.node, '/'), { timeoutMs: ctx.timeoutMs });
  return outcome.ok && outcome.answer.status === 200 ? outcome.answer.body : null;
}

export const OBSERVERS: Partial<Record<GuessId, Observer>> = {
  async 'dashboard-script'(ctx) {
    const html = await dashboardHtml(ctx);
    if (html === null) return UNSEEN('/ did not answer 200');
    const external = referencedAssets(html, proxyUrl(ctx.node, '/')).some((u) =>
      /\.m?js(\?|$)/.test(new URL(u).pathname),
    );
    return { observed: external ? 'external' : inlineScriptBytes(html) > 0 ? 'inline' : 'none' };
  },

  async 'dashboard-title'(ctx) {
    const html = await dashboardHtml(ctx);
    if (html === null) return UNSEEN('/ did not answer 200');
    return { observed: (/<title>([^<]*)<\/title>/i.exec(html)?.[1] ?? '').trim() };
  },

  async 'dashboard-landmarks'(ctx) {
    if (!ctx.page) return UNSEEN('no browser page');
    await ctx.page.goto(proxyUrl(ctx.node, '/dashboard'));
    const link = ctx.page.getByRole('link', { name: 'My Apps', exact: true }).first();
    await link.waitFor({ timeout: 15_000 });
    const name = await link.evaluate((el) => {
      const nav = el.closest('nav,[role="navigation"]');
      if (!nav) return null;
      const by = nav.getAttribute('aria-labelledby');
      const labelled = by ? (document.getElementById(by)?.textContent ?? '').trim() : '';
      return nav.getAttribute('aria-label') ?? (labelled || '(unnamed)');
    });
    return name === null ? UNSEEN('the "My Apps" link is not inside a navigation landmark') : { observed: name };
  },

  async 'test-ids'(ctx) {
    if (!ctx.page) return UNSEEN('no browser page');
    await ctx.page.goto(proxyUrl(ctx.node, '/dashboard/apps'));
    await ctx.page.getByRole('link', { name: 'My Apps', exact: true }).first().waitFor({ timeout: 15_000 });
    await ctx.page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 15_000 });
    const count = await ctx.page.locator('[data-testid]').count();
    return { observed: count > 0 ? 'present' : 'absent', detail: `${count} elements with data-testid on My Apps` };
  },

  async 'nav-items'(ctx) {
    if (!ctx.dashboard) return UNSEEN('no browser page');
    return observeNavItems(ctx.dashboard.ui, ctx.dashboard.selectors);
  },

  async 'logout-place'(ctx) {
    if (!ctx.dashboard) return UNSEEN('no browser page');
    return observeLogoutPlace(ctx.dashboard.ui);
  },

  async 'apps-empty-state'(ctx) {
    if (!ctx.dashboard) return UNSEEN('no browser page');
    return observeEmptyState(ctx.dashboard.ui, ctx.dashboard.selectors);
  },

  async 'state-badge'(ctx) {
    if (!ctx.dashboard) return UNSEEN('no browser page');
    return observeStateBadge(ctx.dashboard.ui, await packageEntries(ctx.rpc, ctx.node.name));
  },

  async 'launch-opens'(ctx) {
    if (!ctx.dashboard) return UNSEEN('no browser page');
    return observeLaunchOpens(ctx.dashboard.ui, await packageEntries(ctx.rpc, ctx.node.name));
  },

  async 'login-empty-submit'(ctx) {
    if (!ctx.loginPage) return UNSEEN('no browser page');
    return ctx.loginPage(observeEmptySubmit);
  },

  async 'direct-ports'(ctx) {
    const entries = await packageEntries(ctx.rpc, ctx.node.name);
    const host = new URL(ctx.node.baseUrl).hostname.replace(/^\[|\]$/g, '');
    const seen: string[] = [];
    const open: string[] = [];
    // A direct port can be seen only while an app that opens it runs (config/catalogue.ts directPorts).
    for (const [name, { real, owners }] of Object.entries(directPorts())) {
      if (!owners.some((o) => entries[o.id]?.state === 'running')) continue;
      seen.push(name);
      const port = directPort(ctx.node, name, real);
      if (port !== undefined && (await tcpPortState(host, port, ctx.timeoutMs)) === 'open') open.push(name);
    }
    if (seen.length === 0) return UNSEEN('no app owning a direct port runs');
    const expected = choice('direct-ports')
      .split(',')
      .filter((n) => seen.includes(n));
    return {
      observed: open.sort().join(','),
      expected: expected.sort().join(','),
      detail: `looked at ${seen.join(', ')} (their apps run)`,
    };
  },

  async 'health-endpoints'(ctx) {
    const entries = await packageEntries(ctx.rpc, ctx.node.name);
    const found: string[] = [];
    const apps = running(entries).filter((a) => a.kind === 'backend' && a.ui?.proxyPath);
    if (apps.length === 0) return UNSEEN('no app with a proxy path runs');
    for (const app of apps) {
      for (const suffix of ['health', 'healthz']) {
        if (app.id === 'filebrowser' && suffix === 'health') continue; // File Browser documents GET /health
        const path = `${app.ui!.proxyPath!.replace(/\/$/, '')}/${suffix}`;
        const outcome = await httpFetch(ctx.request, proxyUrl(ctx.node, path), { timeoutMs: ctx.timeoutMs });
        if (outcome.ok && outcome.answer.status === 200 && !/<html/i.test(outcome.answer.body))
          found.push(`${app.id}:/${suffix}`);
      }
    }
    return {
      observed: found.length > 0 ? 'extra' : 'documented',
      detail: `asked ${apps.map((a) => a.id).join(', ')}${found.length ? `; extra: ${found.sort().join(', ')}` : ''}`,
    };
  },

  async 'container-names'(ctx) {
    const entries = await packageEntries(ctx.rpc, ctx.node.name);
    const raw = await callAsSent(ctx.rpc, 'containerList');
    const rows = containerRows(raw);
    const apps = running(entries).filter((a) => a.kind === 'backend');
    if (apps.length === 0) return UNSEEN('no backend app runs');
    const others = Object.keys(entries);
    const seen = Object.fromEntries(apps.map((a) => [a.id, rowsOfApp(rows, raw, a, { others })]));
    const catalogue = Object.fromEntries(apps.map((a) => [a.id, a.containers]));
    return {
      observed: containerNamesText(seen),
      expected: containerNamesText(catalogue),
      detail: `apps running: ${apps.map((a) => a.id).join(', ')}`,
    };
  },

  async 'health-result'(ctx) {
    const answer = await ctx.rpc.raw('health', undefined, { session: false });
    const result = (answer.body as { result?: unknown } | null)?.result;
    return result === undefined
      ? UNSEEN(`health answered HTTP ${answer.status}`)
      : { observed: typeof result === 'string' ? result : JSON.stringify(result) };
  },

  async 'handler-error-code'(ctx) {
    const error = await missingPackageError(ctx);
    return error
      ? { observed: String(error.code) }
      : UNSEEN('package.start of a missing id did not answer an RPC error');
  },

  async 'error-wording'(ctx) {
    const error = await missingPackageError(ctx);
    return error
      ? { observed: error.message.replaceAll(MISSING_ID, '<id>') }
      : UNSEEN('package.start of a missing id did not answer an RPC error');
  },

  async 'get-state-rev'(ctx) {
    const state = (await callAsSent(ctx.rpc, 'getState')) as { rev?: unknown } | null;
    return { observed: typeof state?.rev === 'number' ? 'present' : 'absent' };
  },

  async 'cookie-attributes'(ctx) {
    if (!ctx.loginSetCookies) return UNSEEN('no login context');
    const headers = await ctx.loginSetCookies();
    const parts: string[] = [];
    for (const name of ['session', 'csrf_token', 'remember']) {
      const header = headers.find((h) => h.trim().startsWith(`${name}=`));
      if (!header) return UNSEEN(`the login set no ${name} cookie`);
      const attrs = header
        .split(';')
        .slice(1)
        .map((a) => a.trim())
        .filter((a) => /^(HttpOnly|SameSite=|Path=)/i.test(a));
      parts.push(`${name}=${attrs.join(',')}`);
    }
    return { observed: parts.join(';') };
  },

  async 'ui-markers'(ctx) {
    const entries = await packageEntries(ctx.rpc, ctx.node.name);
    const apps = running(entries).filter((a) => a.ui);
    if (apps.length === 0) return UNSEEN('no app with a UI runs');
    const missing: string[] = [];
    for (const app of apps) {
      for (const { url } of uiUrls(ctx.node, app.ui!)) {
        const outcome = await httpFetch(ctx.request, url, { timeoutMs: ctx.timeoutMs });
        if (outcome.ok && outcome.answer.status === 200 && pageProblem(outcome.answer, app.ui!.marker) !== null)
          missing.push(app.id);
      }
    }
    return {
      observed: missing.length === 0 ? choice('ui-markers') : `not shown by ${[...new Set(missing)].sort().join(',')}`,
      detail: `looked at ${apps.map((a) => a.id).join(', ')}`,
    };
  },

  async 'install-progress-shape'(ctx) {
    if (!ctx.destructive) return UNSEEN('destructive: needs an install');
    const seen = await installProgressKeys(ctx);
    if (typeof seen === 'string') return UNSEEN(seen);
    const keys = new Set(seen.keys);
    const observed = keys.has('download-complete')
      ? 'startos-fields'
      : keys.has('size') && keys.has('downloaded')
        ? 'message-size-downloaded'
        : keys.size > 0 && [...keys].every((k) => k === 'message')
          ? 'message-only'
          : null;
    const detail = `install of ${seen.app}: install-progress keys ${[...keys].sort().join(',') || '(never seen)'} over ${seen.polls} polls`;
    return observed ? { observed, detail } : UNSEEN(detail);
  },

  async 'login-window-scaling'(ctx) {
    if (!ctx.destructive)
      return UNSEEN('destructive: exhausts the login limit (the node refuses logins for up to a minute)');
    if (!ctx.anonymousLogin) return UNSEEN('no login context');
    return loginWindow(ctx, ctx.anonymousLogin);
  },

  async 'transitional-states'(ctx) {
    if (!ctx.destructive) return UNSEEN('destructive: needs a restart of an app');
    const trail = await restartTrail(ctx);
    if (!trail) return UNSEEN('no app to restart');
    if (trail.via === 'poll' && !trail.states.includes('restarting'))
      return UNSEEN(
        `restart of ${trail.app}, polled (no /ws/db): ${trail.states.join(' → ')}; a short "restarting" may have fallen between polls`,
      );
    return {
      observed: trail.states.includes('restarting') ? 'observable' : 'too-short',
      detail: `restart of ${trail.app}: ${trail.states.join(' → ')}`,
    };
  },

  async 'health-sequence'(ctx) {
    if (!ctx.destructive) return UNSEEN('destructive: needs a restart of an app');
    const trail = await restartTrail(ctx);
    if (!trail) return UNSEEN('no app to restart');
    const after = trail.health;
    // Polled, a short "starting" can fall between two reads: only seeing it is conclusive.
    if (trail.via === 'poll' && !after.includes('starting'))
      return UNSEEN(
        `health after ${trail.app} restarted, polled (no /ws/db): ${after.join(' → ')}; a short "starting" may have fallen between polls`,
      );
    const observed =
      after[0] === 'starting'
        ? 'starting-first'
        : after[0] === 'absent' && after.includes('healthy')
          ? 'absent-then-healthy'
          : after.join('-then-');
    return { observed, detail: `health after ${trail.app} restarted: ${after.join(' → ')}` };
  },

  async 'dependants-while-bitcoin-stopped'(ctx) {
    if (!ctx.destructive) return UNSEEN('destructive: needs the bitcoin node stopped');
    return (await whileBitcoinStopped(ctx)).dependants;
  },

  async 'companions-while-backend-stopped'(ctx) {
    if (!ctx.destructive) return UNSEEN('destructive: needs the bitcoin node stopped');
    return (await whileBitcoinStopped(ctx)).companions;
  },
};

const MISSING_ID = 'archy-e2e-no-such-app';

async function missingPackageError(ctx: ObserveContext): Promise<{ code: unknown; message: string } | null> {
  const answer = await ctx.rpc.raw('package.start', { id: MISSING_ID });
  const error = (answer.body as { error?: { code?: unknown; message?: unknown } | null } | null)?.error;
  return error && typeof error.message === 'string' ? { code: error.code, message: error.message } : null;
}

interface RestartTrail {
  app: string;
  states: string[];
  health: string[];
  /** 'ws': every change pushed over /ws/db; 'poll': get-state at the per-node poll budget (short values can be missed). */
  via: 'ws' | 'poll';
}

let restartMemo: Promise<RestartTrail | null> | undefined;

/** Restarts one running app (File Browser first: baseline, nothing depends on it) and follows state and health. */
async function restartTrail(ctx: ObserveContext): Promise<RestartTrail | null> {
  restartMemo ??= (async () => {
    const entries = await packageEntries(ctx.rpc, ctx.node.name);
    const app = running(entries).sort((a, b) => Number(b.id === 'filebrowser') - Number(a.id === 'filebrowser'))[0];
    if (!app) return null;
    // The mark before the call: over /ws/db every state and health the restart passes through is
    // seen, however short and however busy the runner; without the socket, polls.
    const mark = await markState(ctx.rpc);
    await callAsSent(ctx.rpc, 'restart', { id: app.id });
    const budget = scaledBudget(ctx.node, app.actionBudgetMs);
    const trail = await followState(ctx.rpc, ctx.node.name, app.id, (s) => s === 'running', budget, mark);
    const feed = mark.feed;
    const runningSeq = feed?.alive
      ? feed.changesAfter(app.id, mark.mark).find((c) => c.state === 'running')?.seq
      : undefined;
    const pushed = feed && runningSeq !== undefined ? { feed, app: app.id, seq: runningSeq } : undefined;
    const health = await followHealth(
      pushed,
      async () => {
        const h = (await packageEntries(ctx.rpc, ctx.node.name))[app.id]?.health;
        return typeof h === 'string' ? h : ABSENT;
      },
      Date.now() + budget,
      ctx.node,
    );
    return { app: app.id, states: trail.trail, health, via: pushed && trail.via === 'ws' ? 'ws' : 'poll' };
  })();
  return restartMemo;
}

let bitcoinStopMemo: Promise<{ dependants: Observation; companions: Observation }> | undefined;

/** Stops the running bitcoin node once, watches its dependants and its companion UI, and starts it again. */
function whileBitcoinStopped(ctx: ObserveContext): Promise<{ dependants: Observation; companions: Observation }> {
  bitcoinStopMemo ??= (async () => {
    const entries = await packageEntries(ctx.rpc, ctx.node.name);
    const bitcoin = ['bitcoin-knots', 'bitcoin-core'].find((id) => entries[id]?.state === 'running');
    if (!bitcoin) return { dependants: UNSEEN('no bitcoin node runs'), companions: UNSEEN('no bitcoin node runs') };
    const checks = BITCOIN_DEPENDANT_CHECKS.filter((c) => entries[c.appId]?.state === 'running');
    const companion = entries['archy-bitcoin-ui']?.state === 'running' ? appById('archy-bitcoin-ui') : undefined;
    const probeCtx = (id: string) => ({
      node: ctx.node,
      profile: null, // the survey observes the node afresh, without a profile
      app: appById(id),
      request: ctx.request,
      rpc: {
        bitcoinGetinfo: () => callAsSent(ctx.rpc, 'bitcoinGetinfo'),
        containerList: () => callAsSent(ctx.rpc, 'containerList'),
      },
      bitcoinRpcAuth: null,
      timeoutMs: ctx.timeoutMs,
    });
    const companionServes = async (): Promise<boolean> => {
      for (const { url } of uiUrls(ctx.node, companion!.ui!)) {
        const outcome = await httpFetch(ctx.request, url, { timeoutMs: ctx.timeoutMs });
        if (outcome.ok && pageProblem(outcome.answer, companion!.ui!.marker) === null) return true;
      }
      return false;
    };
    const app = appById(bitcoin);
    const budget = scaledBudget(ctx.node, app.actionBudgetMs);
    await callAsSent(ctx.rpc, 'stop', { id: bitcoin });
    const claims: string[] = [];
    let asked = 0;
    let serves = false;
    try {
      await followState(ctx.rpc, ctx.node.name, bitcoin, (s) => s === 'stopped', budget);
      const until = Date.now() + budget;
      for (;;) {
        claims.length = 0;
        asked = 0;
        for (const c of checks) {
          const claim: string | null = await c.stillClaims(probeCtx(c.appId)).catch(() => DEPENDANT_UNSEEN);
          if (claim === DEPENDANT_UNSEEN) continue;
          asked++;
          if (claim) claims.push(`${c.appId}: ${claim}`);
        }
        serves = companion ? await companionServes() : false;
        if ((claims.length === 0 && !serves) || Date.now() > until) break;
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await callAsSent(ctx.rpc, 'start', { id: bitcoin });
      await followState(ctx.rpc, ctx.node.name, bitcoin, (s) => s === 'running', budget);
      for (const id of ['archy-bitcoin-ui', ...checks.map((c) => c.appId)]) {
        if (entries[id]?.state === 'running')
          await followState(
            ctx.rpc,
            ctx.node.name,
            id,
            (s) => s === 'running',
            scaledBudget(ctx.node, appById(id).actionBudgetMs),
          );
      }
    }
    const dependants: Observation =
      asked === 0
        ? UNSEEN('no dependant could be asked (none runs, or no LND REST port and mempool not answering)')
        : {
            observed: claims.length === 0 ? 'stop-serving' : 'keep-serving',
            detail: claims.join('; ') || `${checks.map((c) => c.appId).join(', ')} stopped claiming`,
          };
    const companions: Observation = companion
      ? { observed: serves ? 'keep-serving' : 'down', detail: `archy-bitcoin-ui while ${bitcoin} was stopped` }
      : UNSEEN('archy-bitcoin-ui does not run');
    return { dependants, companions };
  })();
  return bitcoinStopMemo;
}

/** Observe one guess; an observer that throws is "unknown" with the reason. */
export async function observe(id: GuessId, ctx: ObserveContext): Promise<Observation> {
  const observer = OBSERVERS[id];
  if (!observer) return UNSEEN('no observer: the survey cannot see this guess');
  try {
    return await observer(ctx);
  } catch (error) {
    return UNSEEN(`observer failed: ${(error as Error).message.split('\n')[0].slice(0, 200)}`);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits (bounded) until `done` holds for the app's entry (undefined = absent). */
async function waitEntry(
  ctx: ObserveContext,
  id: string,
  done: (entry: Record<string, unknown> | undefined) => boolean,
  budgetMs: number,
): Promise<void> {
  const until = Date.now() + budgetMs;
  while (Date.now() < until) {
    if (done((await packageEntries(ctx.rpc, ctx.node.name))[id] as Record<string, unknown> | undefined)) return;
    await sleep(100);
  }
}

/**
 * Installs one app without dependencies (never a bitcoin node, never a protected app), reading
 * `install-progress` at every poll while it installs. An absent one is preferred and uninstalled
 * again afterwards; else File Browser (nothing depends on it) is reinstalled, as its reinstall cell
 * does, and left in the state it was in.
 */
async function installProgressKeys(
  ctx: ObserveContext,
): Promise<{ app: string; keys: string[]; polls: number } | string> {
  const entries = await packageEntries(ctx.rpc, ctx.node.name);
  const candidates = APPS.filter(
    (a) => a.requires.length === 0 && !isBitcoinNode(a.id) && !(ctx.node.protectedApps ?? []).includes(a.id),
  );
  const absent = candidates.find((a) => !entries[a.id]);
  const app = absent ?? candidates.find((a) => a.id === 'filebrowser' && entries[a.id]);
  if (!app) return 'no app without dependencies that the survey may install';
  const stateBefore = entries[app.id]?.state;
  const actionBudget = scaledBudget(ctx.node, app.actionBudgetMs);
  if (!absent) {
    await callAsSent(ctx.rpc, 'uninstall', { id: app.id });
    await waitEntry(ctx, app.id, (e) => !e, actionBudget);
  }
  await callAsSent(ctx.rpc, 'install', { id: app.id });
  const keys = new Set<string>();
  let polls = 0;
  const deadline = Date.now() + scaledBudget(ctx.node, app.installBudgetMs);
  try {
    for (;;) {
      const entry = (await packageEntries(ctx.rpc, ctx.node.name))[app.id] as Record<string, unknown> | undefined;
      polls++;
      const progress = entry?.['install-progress'];
      if (progress && typeof progress === 'object') for (const k of Object.keys(progress)) keys.add(k);
      if (entry?.state === 'running' || entry?.state === 'stopped' || Date.now() > deadline) break;
      await sleep(25);
    }
  } finally {
    if (absent) {
      await callAsSent(ctx.rpc, 'uninstall', { id: app.id }).catch(() => undefined);
      await waitEntry(ctx, app.id, (e) => !e, actionBudget);
    } else if (stateBefore === 'stopped') {
      await waitEntry(ctx, app.id, (e) => e?.state === 'running', actionBudget);
      await callAsSent(ctx.rpc, 'stop', { id: app.id }).catch(() => undefined);
      await waitEntry(ctx, app.id, (e) => e?.state === 'stopped', actionBudget);
    } else await waitEntry(ctx, app.id, (e) => e?.state === 'running', actionBudget);
  }
  return { app: app.id, keys: [...keys], polls };
}

const WRONG_PASSWORD = 'archy-e2e-survey-wrong-password';
const LIMIT_TRIES = 10; // §1.7 allows 5 a minute: the 6th is refused at the latest
const REAL_WINDOW_MS = 60_000;

/**
 * Exhausts the login limit with wrong passwords, then asks once after the window scaled by the
 * node's time-scale and once after a real minute: released at the first → `scaled`, else `unscaled`.
 * Two tries after the limit at most, so a node that counts refused tries in the window still releases.
 */
async function loginWindow(ctx: ObserveContext, login: (password: string) => Promise<number>): Promise<Observation> {
  if (ctx.node.timeScale >= 1)
    return { observed: 'unscaled', detail: 'time-scale 1: the window is a real minute either way' };
  let limitedAt: number | null = null;
  const statuses: number[] = [];
  for (let i = 0; i < LIMIT_TRIES && limitedAt === null; i++) {
    const status = await login(WRONG_PASSWORD);
    statuses.push(status);
    if (status === 429) limitedAt = Date.now();
  }
  if (limitedAt === null) return UNSEEN(`no 429 in ${LIMIT_TRIES} wrong logins (${statuses.join(', ')})`);
  const scaledMs = REAL_WINDOW_MS * ctx.node.timeScale; // timeScale: the node's fraction of real time (the sim: 0.05)
  await sleep(Math.max(0, limitedAt + scaledMs * 1.5 - Date.now()));
  const early = await login(WRONG_PASSWORD);
  if (early !== 429)
    return {
      observed: 'scaled',
      detail: `limited after ${statuses.length} tries; released within ${Math.round(scaledMs * 1.5)} ms`,
    };
  const secondAt = Date.now();
  await sleep(REAL_WINDOW_MS + 2_000);
  const late = await login(WRONG_PASSWORD);
  return late !== 429
    ? {
        observed: 'unscaled',
        detail: `still 429 after ${Math.round(scaledMs * 1.5)} ms; released ${Math.round((Date.now() - secondAt) / 1000)} s later`,
      }
    : UNSEEN(`still 429 a minute after the limit (${late}): the window is longer than §1.7's minute`);
}
