/**
 * The data model `server.get-state` and `/ws/db` publish: `{"server-info", "package-data", ui}`
 * with archy's PackageDataEntry shape (archy-surface §3.2, §8).
 */
import { proxyPathOf, simApp, type SimApp } from './apps';
import { guess } from './guesses';
import type { InstallProgress, PackageRecord } from './packages';

export interface ViewContext {
  hostname: string;
  mainPort: number;
  scheme: 'http' | 'https';
  directPorts: Record<string, number>;
  startedAt: number;
  nodeId: string;
  version: string;
}

function lanAddress(app: SimApp, ctx: ViewContext): string | null {
  if (!app.ui) return null;
  if (app.ui !== 'proxy') {
    const port = ctx.directPorts[app.ui.directPort];
    return port ? `${ctx.scheme}://localhost:${port}` : null;
  }
  const proxyPath = proxyPathOf(app);
  return guess('proxy-lan-address') === 'null' || !proxyPath
    ? null
    : `${ctx.scheme}://localhost:${ctx.mainPort}${proxyPath}`;
}

/** install-progress in the shape the install-progress-shape guess chose (§3.4). */
function progressView(p: InstallProgress): Record<string, unknown> {
  const shape = guess('install-progress-shape');
  if (shape === 'message-only' || p.size === undefined) return { message: p.message };
  if (shape === 'message-size-downloaded') return { ...p };
  const size = p.size ?? null;
  const done = size !== null && (p.downloaded ?? 0) >= size && size > 0;
  return {
    message: p.message,
    size,
    downloaded: p.downloaded ?? 0,
    'download-complete': done,
    validated: done ? size : 0,
    'validation-complete': done,
    unpacked: done ? size : 0,
    'unpack-complete': done,
  };
}

export function packageEntry(rec: PackageRecord, ctx: ViewContext): Record<string, unknown> {
  const app = simApp(rec.id) as SimApp;
  const lan = lanAddress(app, ctx);
  const entry: Record<string, unknown> = {
    state: rec.state,
    'static-files': { license: 'MIT', instructions: app.short, icon: `/assets/icons/${app.id}.svg` },
    manifest: {
      id: app.id,
      title: app.title,
      version: app.version,
      description: { short: app.short, long: `${app.title}: ${app.short}. Runs as a Podman container on your node.` },
      'release-notes': 'Docker container',
      license: 'MIT',
      'wrapper-repo': `https://github.com/archipelago-apps/${app.id}`,
      'upstream-repo': `https://github.com/archipelago-apps/${app.id}`,
      'support-site': `https://github.com/archipelago-apps/${app.id}`,
      'marketing-site': `https://github.com/archipelago-apps/${app.id}`,
      'donation-url': null,
      author: 'Archipelago',
      website: lan,
      tier: app.kind === 'companion' ? 'companion' : 'core',
      interfaces: app.ui ? { main: { name: 'Web UI', ui: true, type: 'ui', protocol: 'http', path: '/' } } : {},
    },
    installed: {
      'interface-addresses': { main: { 'tor-address': '', 'lan-address': lan } },
      status: rec.state,
      'current-dependents': {},
      'current-dependencies': app.needsBitcoin ? { bitcoin: {} } : {},
    },
  };
  const healthSeq = guess('health-sequence');
  if (healthSeq !== 'absent-throughout') {
    if (rec.health) entry.health = rec.health;
    else if (healthSeq === 'starting-first' && rec.state === 'running') entry.health = 'starting';
  }
  if (rec.progress) entry['install-progress'] = progressView(rec.progress);
  return entry;
}

export function buildData(records: Iterable<PackageRecord>, ctx: ViewContext): Record<string, unknown> {
  const pkgs: Record<string, unknown> = {};
  for (const rec of records) pkgs[rec.id] = packageEntry(rec, ctx);
  return {
    'server-info': {
      id: ctx.nodeId,
      version: ctx.version,
      name: ctx.hostname,
      pubkey: ctx.nodeId,
      'status-info': {
        restarting: false,
        'shutting-down': false,
        updated: false,
        'backup-progress': null,
        'update-progress': null,
      },
      'lan-address': `${ctx.scheme}://${ctx.hostname}.local`,
      unread: 0,
      'wifi-ssids': [],
      'zram-enabled': false,
    },
    'package-data': pkgs,
    ui: {
      name: ctx.hostname,
      'ack-welcome': ctx.version,
      marketplace: { 'selected-hosts': [], 'known-hosts': {} },
      theme: 'dark',
    },
  };
}

/** Fault `schema-drift`: `health` as a number on every entry. */
export function withSchemaDrift(data: Record<string, unknown>): Record<string, unknown> {
  const pkgs = data['package-data'] as Record<string, Record<string, unknown>>;
  const drifted: Record<string, unknown> = {};
  for (const [id, e] of Object.entries(pkgs)) drifted[id] = { ...e, health: e.health === 'healthy' ? 1 : 0 };
  return { ...data, 'package-data': drifted };
}
