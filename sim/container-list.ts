/**
 * `container-list`: one entry per container, shaped like `podman ps -a --format json`
 * (GUESS: sim/guesses.ts containerListShape) plus `name` and `app` for convenience.
 */
import type { Container } from './containers';
import { simApp } from './apps';

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} seconds`;
  if (s < 3600) return `${Math.round(s / 60)} minutes`;
  if (s < 86400) return `${Math.round(s / 3600)} hours`;
  return `${Math.round(s / 86400)} days`;
}

function statusText(c: Container, now: number): string {
  if (c.state === 'running') return `Up ${ago(now - (c.startedAt ?? now))}`;
  if (c.state === 'created') return 'Created';
  return `Exited (${c.exitCode ?? 0}) ${ago(now - (c.exitedAt ?? now))} ago`;
}

export function containerList(containers: Container[], directPorts: Record<string, number>): Record<string, unknown>[] {
  const now = Date.now();
  return containers
    .slice()
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((c) => {
      const app = simApp(c.app);
      const publishes = c.name === app?.containers[0] ? app.publishes : [];
      const ports = publishes.map((p) => ({ host_ip: '127.0.0.1', container_port: p.container, host_port: p.name ? (directPorts[p.name] ?? p.real) : p.real, range: 1, protocol: 'tcp' }));
      return {
        name: c.name,
        app: c.app,
        Names: [c.name],
        Id: Buffer.from(`${c.name}:${c.createdAt}`).toString('hex').padEnd(64, '0').slice(0, 64),
        Image: c.image,
        image: c.image,
        State: c.state,
        state: c.state,
        Status: statusText(c, now),
        status: statusText(c, now),
        ExitCode: c.exitCode ?? 0,
        Exited: c.state === 'exited',
        Ports: ports,
        ports,
        Created: Math.floor(c.createdAt / 1000),
        created: new Date(c.createdAt).toISOString(),
        StartedAt: c.startedAt ? Math.floor(c.startedAt / 1000) : 0,
        Labels: { 'io.archipelago.app': c.app },
      };
    });
}
