/**
 * The faults the app surfaces evaluate through `ctx.faultOn(name)` (the daemon's catalogue,
 * sim/faults.ts, documents them for users; this list is what the surfaces actually honour).
 * Names ending in ':' take an app id or a port name (the lists come from sim/apps.ts).
 */
import { DIRECT_PORT_NAMES, directPortOwners, proxiedApps } from '../apps';

const unique = (names: string[]): string => [...new Set(names)].join(', ');
/** What proxy-502:<app> takes: each proxied app's id, its path segment and the backend it needs. */
const PROXY_FAULT_TARGETS = unique(proxiedApps().flatMap(({ app, path, needs }) => [...needs.slice(1), app.id, path]));
const PORT_FAULT_TARGETS = unique(DIRECT_PORT_NAMES);
const PORT_SERVERS = unique(DIRECT_PORT_NAMES.flatMap((name) => directPortOwners(name).map((a) => a.id)));

export const SURFACE_FAULTS = [
  {
    name: 'electrum-down',
    effect: 'the Electrum TCP port is closed (connection refused) while electrumx runs; open sessions are dropped',
  },
  {
    name: 'proxy-502:',
    effect: `/app/<path>/ answers nginx's 502 page while the app runs; <app> is the backend id, the companion id or the path segment (${PROXY_FAULT_TARGETS})`,
  },
  {
    name: 'direct-port-closed:',
    effect: `the direct port is closed while its app runs; <app> is the port name (${PORT_FAULT_TARGETS}) or the serving app (${PORT_SERVERS})`,
  },
  {
    name: 'lnd-macaroon-required',
    effect:
      'LND REST answers 401 without a Grpc-Metadata-macaroon header (what upstream LND does; the guess lnd-rest-macaroon=required makes it the default)',
  },
  {
    name: 'ui-stale-height',
    effect:
      'the Bitcoin UI page shows a block height 5 blocks behind bitcoin.getinfo (evidence-suite: the L2 ui cell compares them)',
  },
] as const;
