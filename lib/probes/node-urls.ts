/**
 * URLs of a node's surfaces: path proxies on the dashboard origin, direct ports on the node's host
 * with the dashboard's scheme (a real node fronts them with its own CA, the sim with --tls too).
 */
import type { UiSurface } from '../../config/apps';
import type { ProbeNode } from './probe-types';

export function proxyUrl(node: ProbeNode, path: string): string {
  return new URL(path, node.baseUrl).toString();
}

/** Port of a named direct surface on this node; the sim reports its own, a real node uses the catalogue's. */
export function directPort(node: ProbeNode, name: string, realPort?: number): number | undefined {
  return node.ports[name] ?? (node.isSim ? undefined : realPort);
}

export function directUrl(node: ProbeNode, port: number, path = '/'): string {
  const url = new URL(path, node.baseUrl);
  url.port = String(port);
  return url.toString();
}

/** Every URL the `ui` cell checks for one surface (proxy path and/or direct port). */
export function uiUrls(node: ProbeNode, ui: UiSurface): { label: string; url: string }[] {
  const urls: { label: string; url: string }[] = [];
  if (ui.proxyPath) urls.push({ label: ui.proxyPath, url: proxyUrl(node, ui.proxyPath) });
  if (ui.directPort) {
    const port = directPort(node, ui.directPort.name, ui.directPort.real);
    if (port === undefined) throw new Error(`node ${node.name} reports no port "${ui.directPort.name}"`);
    urls.push({ label: `port ${ui.directPort.name} (${port})`, url: directUrl(node, port) });
  }
  return urls;
}

/**
 * URL of a direct port whose scheme on a real node is fixed by the app (bitcoind: http, LND REST:
 * https); the sim serves every HTTP surface with the dashboard's scheme. ARCHY_PORT_SCHEMES overrides
 * it per port name (a node that fronts a port differently, or a sim addressed as a real node).
 */
export function appPortUrl(node: ProbeNode, port: number, path: string, realScheme: 'http:' | 'https:'): string {
  const url = new URL(directUrl(node, port, path));
  const name = Object.keys(node.ports).find((k) => node.ports[k] === port);
  const override = name ? node.portSchemes?.[name] : undefined;
  if (override) url.protocol = override;
  else if (!node.isSim) url.protocol = realScheme;
  return url.toString();
}
