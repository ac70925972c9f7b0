/**
 * `container-list`: one entry per container, shaped like `podman ps -a --format json`
 * plus `name` and `app` for convenience, with the keys the guess container-list-shape chose.
 */
import type { Container } from './containers';
import { simApp } from './apps';
import { guess } from './guesses';

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
      const publishes =
        c.name === app?.containers[0] ? app.publishes.filter((p) => !p.name || p.name in directPorts) : [];
      const realPorts = guess('direct-port-numbers').real as Record<string, number>;
      const ports = publishes.map((p) => ({
        host_ip: '127.0.0.1',
        container_port: p.container,
        host_port: p.name ? (directPorts[p.name] ?? p.real) : (realPorts[c.app] ?? p.real),
        range: 1,
        protocol: 'tcp',
      }));
      const status = statusText(c, now);
      const podman = {
        Names: [c.name],
        Id: Buffer.from(`${c.name}:${c.createdAt}`).toString('hex').padEnd(64, '0').slice(0, 64),
        Image: c.image,
        State: c.state,
        Status: status,
        ExitCode: c.exitCode ?? 0,
        Exited: c.state === 'exited',
        Ports: ports,
        Created: Math.floor(c.createdAt / 1000),
        StartedAt: c.startedAt ? Math.floor(c.startedAt / 1000) : 0,
        Labels: { 'io.archipelago.app': c.app },
      };
      const plain = {
        name: c.name,
        app: c.app,
        image: c.image,
        state: c.state,
        status,
        ports,
        created: new Date(c.createdAt).toISOString(),
      };
      const shape = guess('container-list-shape');
      if (shape === 'podman-only') return podman;
      if (shape === 'plain-only') return plain;
      return { ...plain, ...podman };
    });
}
