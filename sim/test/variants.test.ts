/**
 * Variants of the reference node (sim/guesses/): `default` is the sim as it was, a seed always picks
 * the same choices, 20 seeds reach every alternative, and every choice of every guess changes what
 * the sim serves (one observation per guess, made over HTTP/RPC/TCP, compared across its choices).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DIMENSIONS,
  guessIds,
  differences,
  guessesMarkdown,
  variantFor,
  type GuessId,
  type GuessValue,
} from '../guesses';
import { defaultOptions } from '../options';
import { fetchOnFreshSocket, PASSWORD, sleep, startSim, waitFor, waitState, type TestSim } from './helpers';

test('default: the first choice of every guess, and the values the sim always had', () => {
  const v = variantFor('default');
  for (const id of guessIds) assert.equal(v.choices[id], DIMENSIONS[id].choices[0].name, id);
  assert.deepEqual(differences(v), []);
  assert.deepEqual(defaultOptions().variant.choices, v.choices, 'no --variant is default');
  const first = <K extends GuessId>(id: K): GuessValue<K> => DIMENSIONS[id].choices[0].value as GuessValue<K>;
  assert.equal(first('health-result'), 'ok');
  assert.equal(first('handler-error-code'), -32603);
  assert.equal(first('dashboard-landmarks').navLabel, 'Main navigation');
  assert.equal(first('error-wording').csrfMismatch.message, 'CSRF token mismatch');
  assert.equal(first('cookie-attributes').session, 'HttpOnly; SameSite=Strict; Path=/');
  assert.deepEqual(first('direct-ports'), [], 'every direct port of sim/apps.ts');
  assert.equal(first('login-window-scaling'), true);
  assert.equal(first('healthy-delay'), 3_000);
});

test('the same seed gives the same choices; overrides pin one guess; bad specs are refused by name', () => {
  assert.deepEqual(variantFor('42').choices, variantFor('42').choices);
  assert.notDeepEqual(variantFor('42').choices, variantFor('43').choices);
  const pinned = variantFor('42,test-ids=absent');
  assert.equal(pinned.choices['test-ids'], 'absent');
  assert.equal(pinned.spec, '42,test-ids=absent');
  assert.throws(() => variantFor('4 2'), /seed "4 2"/);
  assert.throws(() => variantFor('1,no-such-guess=x'), /unknown guess "no-such-guess"/);
  assert.throws(() => variantFor('1,test-ids=maybe'), /has no choice "maybe"/);
});

test('sim/README.md lists every guess as --list-guesses prints it', () => {
  const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  assert.ok(
    readme.includes(guessesMarkdown()),
    'sim/README.md has the table of `npm run sim -- --list-guesses` (paste it again)',
  );
});

test('seeds 1..20 together reach every alternative of every guess', () => {
  const seen = new Map<string, Set<string>>(guessIds.map((id) => [id, new Set()]));
  for (let seed = 1; seed <= 20; seed++)
    for (const [id, c] of Object.entries(variantFor(String(seed)).choices)) seen.get(id)?.add(c);
  const missing = guessIds.flatMap((id) =>
    DIMENSIONS[id].choices.filter((c) => !seen.get(id)?.has(c.name)).map((c) => `${id}=${c.name}`),
  );
  assert.deepEqual(missing, []);
});

// ------------------------------------------------------------------ each choice changes what is served

type Observe = (s: TestSim) => Promise<unknown>;

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetchOnFreshSocket(url, { headers });
  return { status: res.status, text: await res.text() };
}

async function install(s: TestSim, ...ids: string[]): Promise<void> {
  for (const id of ids) {
    await s.rpc.result('package.install', { id });
    await waitState(s.rpc, id, 'running', 20_000);
  }
}

/** Distinct health values (absent included) from running on, for `ms`. */
async function healthTrail(s: TestSim, id: string, ms: number): Promise<string[]> {
  const seen: string[] = [];
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const e = (await s.rpc.entries())[id];
    if (e?.state === 'running') {
      const h = e.health === undefined ? 'absent' : String(e.health);
      if (seen[seen.length - 1] !== h) seen.push(h);
    }
    await sleep(3);
  }
  return seen;
}

function tcpOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let connected = false;
    socket.once('connect', () => {
      connected = true;
      socket.write('{"id":1,"method":"server.version","params":["t","1.4"]}\n');
    });
    socket.once('data', () => {
      socket.destroy();
      resolve('answers');
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(connected ? 'closed' : (e.code ?? 'error')));
    socket.once('close', () => resolve(connected ? 'closed' : 'refused'));
  });
}

async function loginStatus(s: TestSim, password: string): Promise<number> {
  return (await s.rpc.call('auth.login', { password })).status;
}

/** `app`'s settled state after bitcoin-knots stops, then after it starts again. */
async function followsBackend(s: TestSim, app: string): Promise<string[]> {
  await install(s, 'bitcoin-knots', ...(app === 'archy-bitcoin-ui' ? [] : [app]));
  await waitState(s.rpc, app, 'running');
  const settled = async (): Promise<string> => {
    await sleep(300);
    return waitFor(`${app} settles`, async () => {
      const st = await s.rpc.stateOf(app);
      return st && !['stopping', 'starting', 'installing'].includes(st) ? st : null;
    });
  };
  await s.rpc.result('package.stop', { id: 'bitcoin-knots' });
  await waitState(s.rpc, 'bitcoin-knots', 'stopped');
  const afterStop = await settled();
  await s.rpc.result('package.start', { id: 'bitcoin-knots' });
  await waitState(s.rpc, 'bitcoin-knots', 'running');
  return [afterStop, await settled()];
}

/** One observation per guess; time scale per guess where timing is what varies. */
const OBSERVE: Record<GuessId, { scale?: number; observe: Observe }> = {
  'health-result': { observe: async (s) => (await s.rpc.call('health')).body?.result },
  'handler-error-code': {
    observe: async (s) => (await s.rpc.call('package.start', { id: 'no-such-app' })).body?.error?.code,
  },
  'method-not-found': { observe: async (s) => (await s.rpc.call('no.such.method')).body?.error },
  'error-wording': {
    observe: async (s) => {
      const anonymous = await fetch(`${s.ready.rpcUrl}`, { method: 'POST', body: '{"method":"server.get-state"}' });
      return (await anonymous.json()) as unknown;
    },
  },
  'malformed-request': { observe: async (s) => (await s.rpc.raw('this is not json')).status },
  'unauthenticated-methods': {
    observe: async (s) =>
      (await fetch(s.ready.rpcUrl, { method: 'POST', body: '{"method":"auth.logout","params":{}}' })).status,
  },
  'csrf-exempt-methods': { observe: async (s) => (await s.rpc.call('container-list', {}, { csrf: false })).status },
  'login-window-scaling': {
    observe: async (s) => {
      await s.rpc.call('auth.logout', {});
      for (let i = 0; i < 5; i++) await loginStatus(s, 'wrong-password');
      assert.equal(await loginStatus(s, 'wrong-password'), 429, 'the 6th attempt in a minute answers 429');
      await sleep(1_300); // the scaled minute (at most 1 s) has passed, a real one has not
      return loginStatus(s, 'wrong-password');
    },
  },
  'login-success-clears': {
    observe: async (s) => {
      for (let i = 0; i < 3; i++) await loginStatus(s, 'wrong-password');
      await s.rpc.login(); // attempt 5 of the minute (1 at start-up), successful
      return loginStatus(s, 'wrong-password'); // the 6th
    },
  },
  'cookie-attributes': {
    observe: async (s) => {
      const a = await s.rpc.call('auth.login', { password: PASSWORD });
      return a.setCookies.map((c) => c.replace(/=[^;]*/, '=…'));
    },
  },
  'get-state-rev': {
    observe: async (s) => Object.keys((await s.rpc.result<Record<string, unknown>>('server.get-state')) ?? {}).sort(),
  },
  'lifecycle-result': { observe: async (s) => s.rpc.result('package.stop', { id: 'filebrowser' }) },
  'server-version': {
    observe: async (s) =>
      (await s.rpc.result<{ data: { 'server-info': { version: string } } }>('server.get-state')).data['server-info']
        .version,
  },
  'health-sequence': {
    observe: async (s) => {
      await s.rpc.result('package.restart', { id: 'filebrowser' });
      return healthTrail(s, 'filebrowser', 400);
    },
  },
  'healthy-delay': {
    scale: 0.1,
    observe: async (s) => {
      await s.rpc.result('package.restart', { id: 'filebrowser' });
      await waitState(s.rpc, 'filebrowser', 'running', 5_000);
      await sleep(500); // 300 ms (3 s scaled) has passed, 800 ms (8 s scaled) has not
      return (await s.rpc.entries()).filebrowser?.health ?? 'absent';
    },
  },
  'transitional-states': {
    scale: 0.1,
    observe: async (s) => {
      await s.rpc.result('package.stop', { id: 'filebrowser' });
      await sleep(20);
      return s.rpc.stateOf('filebrowser'); // 300 ms of stopping, or 3 ms
    },
  },
  'install-progress-shape': {
    observe: async (s) => {
      await s.rpc.result('package.install', { id: 'bitcoin-knots' });
      return Object.keys((await s.rpc.entries())['bitcoin-knots']?.['install-progress'] ?? {}).sort();
    },
  },
  'install-progress-wording': {
    observe: async (s) => {
      await s.rpc.result('package.install', { id: 'bitcoin-knots' });
      return (await s.rpc.entries())['bitcoin-knots']?.['install-progress']?.message;
    },
  },
  'exited-container-state': {
    observe: async (s) => {
      await s.admin.faults(['no-restart-after-oom']);
      await s.admin.post('/admin/oom', { app: 'filebrowser' });
      return waitFor('filebrowser leaves running', async () => {
        const st = await s.rpc.stateOf('filebrowser');
        return st !== 'running' ? st : null;
      });
    },
  },
  'container-names': {
    observe: async (s) => {
      await install(s, 'bitcoin-knots', 'mempool');
      const rows = await s.rpc.result<Record<string, unknown>[]>('container-list');
      return rows.map((r) => String(r.name ?? (r.Names as string[])[0])).filter((n) => n.startsWith('mempool'));
    },
  },
  'container-list-shape': {
    observe: async (s) =>
      Object.keys((await s.rpc.result<Record<string, unknown>[]>('container-list'))[0] ?? {}).sort(),
  },
  'proxy-lan-address': {
    observe: async (s) => (await s.rpc.entries()).filebrowser?.installed,
  },
  'recovery-timings': { observe: async (s) => (await s.admin.post('/admin/daemon-restart')).backInMs },
  'direct-ports': { observe: async (s) => Object.keys(s.ready.ports).sort() },
  'direct-port-numbers': {
    observe: async (s) => {
      const rows = await s.rpc.result<Record<string, unknown>[]>('container-list');
      const fb = rows.find((r) => r.name === 'filebrowser');
      return {
        offsets: Object.entries(s.ready.ports).map(([n, p]) => `${n}+${p - s.ready.portBase}`),
        filebrowser: fb?.ports,
      };
    },
  },
  'proxy-paths-session': { observe: async (s) => (await get(`${s.ready.baseUrl}/app/filebrowser/`)).status },
  'health-endpoints': {
    observe: async (s) => {
      const main = await get(`${s.ready.baseUrl}/health`); // the dashboard's SPA fallback, or nginx's "healthy"
      return [main.text === 'healthy\n', (await get(`${s.ready.baseUrl}/app/mempool/health`)).status];
    },
  },
  'companions-with-backend': { observe: async (s) => followsBackend(s, 'archy-bitcoin-ui') },
  'dependants-with-bitcoin': { observe: async (s) => followsBackend(s, 'lnd') },
  'dependants-while-bitcoin-stopped': {
    observe: async (s) => {
      await install(s, 'bitcoin-knots', 'mempool');
      await s.rpc.result('package.stop', { id: 'bitcoin-knots' });
      await waitState(s.rpc, 'bitcoin-knots', 'stopped');
      return (await get(`${s.ready.baseUrl}/app/mempool/api/blocks/tip/height`)).status;
    },
  },
  'lnd-rest-macaroon': {
    observe: async (s) => {
      await install(s, 'bitcoin-knots', 'lnd');
      return waitFor('lnd-rest answers', async () => {
        const r = await get(`http://127.0.0.1:${s.ready.ports['lnd-rest']}/v1/getinfo`).catch(() => null);
        return r?.status;
      });
    },
  },
  'bitcoin-ui-json': {
    observe: async (s) => {
      await install(s, 'bitcoin-knots');
      await waitState(s.rpc, 'archy-bitcoin-ui', 'running', 20_000); // the companion comes with it
      return waitFor('bitcoin-ui answers', async () => {
        const r = await fetch(`http://127.0.0.1:${s.ready.ports['archy-bitcoin-ui']}/rpc/v1`, {
          method: 'POST',
          body: '{"id":1}',
        }).catch(() => null);
        return r?.status;
      });
    },
  },
  'electrum-down': {
    observe: async (s) => {
      await install(s, 'bitcoin-knots', 'electrumx');
      await s.admin.faults(['electrum-down']);
      await sleep(400); // the surfaces re-check faults every 200 ms
      return tcpOutcome(s.ready.ports.electrum as number);
    },
  },
  'mempool-backend': {
    observe: async (s) => {
      await install(s, 'bitcoin-knots', 'electrumx', 'mempool');
      return JSON.parse((await get(`${s.ready.baseUrl}/app/mempool/api/v1/backend-info`)).text).backend;
    },
  },
  'chain-params': {
    observe: async (s) => {
      await install(s, 'bitcoin-knots');
      return (await s.rpc.result<{ chain: string }>('bitcoin.getinfo')).chain;
    },
  },
  'app-versions': { observe: async (s) => (await get(`${s.ready.baseUrl}/app/filebrowser/api/version`)).text },
  'dashboard-landmarks': {
    observe: async (s) => (await get(`${s.ready.baseUrl}/assets/variant.js`)).text.match(/"navLabel":[^,}]*/)?.[0],
  },
  'dashboard-script': {
    observe: async (s) => /<script[^>]*\bsrc=/.test((await get(`${s.ready.baseUrl}/dashboard`)).text),
  },
  'test-ids': {
    observe: async (s) => (await get(`${s.ready.baseUrl}/assets/variant.js`)).text.match(/"testIds":\w+/)?.[0],
  },
  'nav-items': { observe: (s) => dashboardChoice(s, 'nav') },
  'mobile-nav': { observe: (s) => dashboardChoice(s, 'mobileNav') },
  'logout-place': { observe: (s) => dashboardChoice(s, 'logout') },
  'apps-empty-state': { observe: (s) => dashboardChoice(s, 'emptyState') },
  'app-card-markup': { observe: (s) => dashboardChoice(s, 'card') },
  'state-badge': { observe: (s) => dashboardChoice(s, 'badge') },
  'button-markup': { observe: (s) => dashboardChoice(s, 'buttons') },
  'uninstall-control': { observe: (s) => dashboardChoice(s, 'uninstall') },
  'confirm-dialog': { observe: (s) => dashboardChoice(s, 'dialog') },
  'launch-opens': { observe: (s) => dashboardChoice(s, 'launch') },
  'store-companions': {
    observe: async (s) =>
      (await s.rpc.result<{ id: string }[]>('marketplace.list'))
        .map((a) => a.id)
        .filter((id) => id.startsWith('archy-')),
  },
  'details-back': { observe: (s) => dashboardChoice(s, 'back') },
  'loading-placeholder': { observe: (s) => dashboardChoice(s, 'loading') },
  'state-updates': { observe: (s) => dashboardChoice(s, 'updates') },
  'view-updates': { observe: (s) => dashboardChoice(s, 'render') },
  'login-form': { observe: (s) => dashboardChoice(s, 'login') },
  'login-empty-submit': { observe: (s) => dashboardChoice(s, 'emptySubmit') },
  'first-visit-overlay': { observe: (s) => dashboardChoice(s, 'overlay') },
};

/** One key of the dashboard's choices as the page loads them (/assets/variant.js). */
async function dashboardChoice(s: TestSim, key: string): Promise<unknown> {
  const text = (await get(`${s.ready.baseUrl}/assets/variant.js`)).text;
  const json = /export const VARIANT = (\{.*\});/.exec(text)?.[1];
  assert.ok(json, '/assets/variant.js exports VARIANT');
  return (JSON.parse(json) as Record<string, unknown>)[key];
}

for (const id of guessIds) {
  test(`guess ${id}: each choice serves something the others do not`, async () => {
    const spec = OBSERVE[id];
    assert.ok(spec, `an observation for ${id}`);
    const seen = new Map<string, string>();
    for (const c of DIMENSIONS[id].choices) {
      const s = await startSim({ variant: variantFor(`default,${id}=${c.name}`), timeScale: spec.scale ?? 0.01 });
      try {
        assert.equal(s.ready.variant.choices[id], c.name, 'SIM_READY names the choice');
        if (id !== 'login-window-scaling' && id !== 'login-success-clears') await s.rpc.login();
        else await loginStatus(s, 'wrong-password'); // one attempt of the minute, as the others log in once
        const observed = JSON.stringify(await spec.observe(s)) ?? 'undefined';
        seen.set(c.name, observed);
      } finally {
        await s.stop();
      }
    }
    const values = [...seen.values()];
    assert.equal(
      new Set(values).size,
      values.length,
      `${id}: choices served the same: ${JSON.stringify(Object.fromEntries(seen))}`,
    );
  });
}
