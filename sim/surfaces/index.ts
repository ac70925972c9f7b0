/**
 * The simulated app surfaces of the reference node (sim/CONTRACT.md "Direct ports", "Path proxies"):
 * direct ports that listen only while their app is up, and nginx-like `/app/<path>/` proxies.
 */
import { guess } from '../guesses';
import type { Surfaces, SurfaceContext, CreateSurfaces } from './types';
import { DirectListener } from './direct-listener';
import { PartitionGate } from './partition-gate';
import { createHttpSurface } from './http-surface';
import { createBitcoinRpcHandler } from './bitcoin-rpc';
import { createBitcoinUiHandler } from './bitcoin-ui';
import { createLndRestHandler } from './lnd-rest';
import { ElectrumServer } from './electrum';
import { createProxyHandler } from './proxy';
import { pageHandlerOf } from './proxy-apps';
import { directPortMap, directPortNames, type DirectPortName } from './ports';
import { directPortOwners } from '../apps';

export type { Surfaces, SurfaceContext, CreateSurfaces } from './types';
export { DIRECT_PORTS } from './ports';
export { SURFACE_FAULTS } from './faults';

/** How often the surfaces re-check faults and the chain tip on their own (between refresh calls). */
export const SURFACE_TICK_MS = 200;

/** Ports a fault closes although their app runs, beyond direct-port-closed (guess electrum-down: a dead electrumx leaves nothing listening). */
const CLOSED_BY_FAULT: Partial<Record<DirectPortName, (ctx: SurfaceContext) => boolean>> = {
  electrum: (ctx) => ctx.faultOn('electrum-down') && guess('electrum-down') === 'closed-port',
};

/** Is an app that publishes the port (sim/apps.ts) up, and the fault names that close it (the port's, the serving app's). */
function portOwner(ctx: SurfaceContext, name: DirectPortName): { up: boolean; faultNames: string[] } {
  const serving = directPortOwners(name).filter((app) => ctx.isUp(app.id));
  return {
    up: serving.length > 0 && !CLOSED_BY_FAULT[name]?.(ctx),
    faultNames: [name, ...serving.map((app) => app.id)],
  };
}

function shouldListen(ctx: SurfaceContext, name: DirectPortName): boolean {
  const owner = portOwner(ctx, name);
  return owner.up && !owner.faultNames.some((f) => ctx.faultOn(`direct-port-closed:${f}`));
}

export const createSurfaces: CreateSurfaces = (ctx) => {
  const ports = directPortMap(ctx.portBase);
  const gate = new PartitionGate(() => ctx.partitioned());
  const electrum = new ElectrumServer(ctx, gate);
  const openedAt: Partial<Record<DirectPortName, number>> = {};

  type ServerFactory = () => import('node:net').Server;
  /** Ports with a server of their own; any other port serves its app's page (proxy-apps.ts). */
  const ownServer: Partial<Record<DirectPortName, ServerFactory>> = {
    'bitcoin-rpc': () =>
      createHttpSurface(
        createBitcoinRpcHandler(ctx, () => openedAt['bitcoin-rpc'] ?? Date.now()),
        gate,
        ctx.tls,
      ),
    'archy-bitcoin-ui': () => createHttpSurface(createBitcoinUiHandler(ctx), gate, ctx.tls),
    electrum: () => electrum.createServer(), // Electrum TCP stays plain (types.ts)
    'lnd-rest': () => createHttpSurface(createLndRestHandler(ctx), gate, ctx.tls),
  };
  const makeServer = (name: DirectPortName): ServerFactory => {
    const own = ownServer[name];
    if (own) return own;
    const page = directPortOwners(name)
      .map((app) => pageHandlerOf(ctx, app.id))
      .find((handler) => handler !== undefined);
    if (!page)
      throw new Error(
        `direct port ${name}: no server of its own (sim/surfaces/index.ts) and no page of its app (proxy-apps.ts)`,
      );
    return () => createHttpSurface(page, gate, ctx.tls);
  };
  const listeners = new Map<DirectPortName, DirectListener>(
    directPortNames().map((name) => [
      name,
      new DirectListener(name, ctx.host, ports[name] as number, makeServer(name), ctx.log),
    ]),
  );

  // refresh() before start() also starts; only stop() keeps the ports shut
  let state: 'idle' | 'running' | 'stopped' = 'idle';
  let timer: NodeJS.Timeout | null = null;
  let pending: Promise<void> = Promise.resolve();

  const begin = (): void => {
    state = 'running';
    if (!timer) {
      timer = setInterval(tick, SURFACE_TICK_MS);
      timer.unref();
    }
  };

  const reconcile = async (): Promise<void> => {
    const running = state === 'running';
    const work: Promise<void>[] = [];
    for (const [name, listener] of listeners) {
      const want = running && shouldListen(ctx, name);
      if (want && !listener.listening) {
        openedAt[name] = Date.now();
        work.push(listener.open());
      } else if (!want && listener.listening) work.push(listener.close());
    }
    await Promise.all(work);
    if (running) electrum.notifyTip();
  };

  /** Serialises reconciles so open/close never interleave. */
  const refresh = (): Promise<void> => {
    if (state === 'idle') begin();
    pending = pending.then(reconcile, reconcile);
    return pending;
  };

  // the periodic re-check: never stacks up behind a slow one, never throws out of the timer
  let ticking = false;
  let lastTickError = '';
  const tick = (): void => {
    if (ticking) return;
    ticking = true;
    refresh()
      .then(
        () => {
          lastTickError = '';
        },
        (error: unknown) => {
          const message = (error as Error).message;
          if (message !== lastTickError) ctx.log(`surfaces: refresh failed: ${message}`); // once per distinct error
          lastTickError = message;
        },
      )
      .finally(() => {
        ticking = false;
      });
  };

  const handleProxy = createProxyHandler(ctx, gate);

  return {
    ports: ports as Record<string, number>,
    handleProxy,
    refresh,
    async start() {
      begin();
      await refresh();
    },
    async stop() {
      state = 'stopped';
      if (timer) clearInterval(timer);
      timer = null;
      gate.clear();
      await refresh();
    },
  } satisfies Surfaces;
};
