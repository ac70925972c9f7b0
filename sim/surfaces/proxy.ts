/**
 * nginx's `/app/<path>/` locations on the main port: 301 to the slashed path, 502 while the upstream
 * (or the backend behind a companion) is down or `proxy-502:<app>` is on, 404 for unknown apps.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SurfaceContext } from './types';
import type { PartitionGate } from './partition-gate';
import { PROXY_APPS, type ProxyApp } from './proxy-apps';
import { sendBadGateway, sendNotFound, sendSlashRedirect } from './nginx-pages';
import { sendText } from './html-page';
import { guess } from '../guesses';

const APP_PREFIX = '/app/';

function upstreamDown(ctx: SurfaceContext, app: ProxyApp): boolean {
  if (app.needs.some((id) => !ctx.isUp(id))) return true;
  const faultNames = new Set([app.appId, app.path, ...app.needs.slice(1)]);
  for (const name of faultNames) if (ctx.faultOn(`proxy-502:${name}`)) return true;
  return false;
}

export function createProxyHandler(ctx: SurfaceContext, gate: PartitionGate) {
  const byPath = new Map(PROXY_APPS.map((app) => [app.path, app]));

  const route = (req: IncomingMessage, res: ServerResponse, pathname: string, query: string): void => {
    const rest = pathname.slice(APP_PREFIX.length); // "<path>[/…]"
    const slash = rest.indexOf('/');
    const segment = slash < 0 ? rest : rest.slice(0, slash);
    const app = byPath.get(segment);
    if (!app) {
      req.resume();
      sendNotFound(req, res);
      return;
    }
    if (slash < 0) {
      req.resume();
      sendSlashRedirect(req, res, `${APP_PREFIX}${segment}/`, query);
      return;
    }
    if (guess('proxy-paths-session') === 'session-required' && !ctx.hasDashboardSession(req)) {
      req.resume();
      sendText(req, res, 401, 'Unauthorized\n'); // like the app gate on a gated port without a session (§4.4)
      return;
    }
    if (upstreamDown(ctx, app)) {
      req.resume();
      sendBadGateway(req, res);
      return;
    }
    if (rest.slice(slash) === '/health' && app.path !== 'filebrowser' && guess('health-endpoints') === 'extra') {
      req.resume();
      sendText(req, res, 200, 'healthy\n'); // guess health-endpoints=extra: nginx answers a health path per app
      return;
    }
    const failed = (error: unknown) => {
      ctx.log(`surfaces: /app/${segment}/ failed: ${(error as Error).message}`);
      if (!res.headersSent) sendBadGateway(req, res);
      else res.destroy();
    };
    try {
      Promise.resolve(app.serve(ctx, req, res, rest.slice(slash))).catch(failed);
    } catch (error) {
      failed(error);
    }
  };

  /** Returns false when the request is not for an app path (the dashboard serves it). */
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const raw = req.url ?? '/';
    const queryAt = raw.indexOf('?');
    const pathname = queryAt < 0 ? raw : raw.slice(0, queryAt);
    const query = queryAt < 0 ? '' : raw.slice(queryAt);
    if (!pathname.startsWith(APP_PREFIX)) return false;
    // nginx hides the upstream's Server header and sends its own on everything it proxies
    res.setHeader('Server', 'nginx');
    gate.whenOpen(
      () => {
        try {
          route(req, res, pathname, query);
        } catch (error) {
          ctx.log(`surfaces: ${pathname} failed: ${(error as Error).message}`);
          if (!res.headersSent) sendBadGateway(req, res);
          else res.destroy();
        }
      },
      () => req.socket.destroyed,
    );
    return true;
  };
}
