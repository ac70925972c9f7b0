/**
 * The faults the app surfaces evaluate through `ctx.faultOn(name)` (the daemon's catalogue,
 * sim/faults.ts, documents them for users; this list is what the surfaces actually honour).
 * Names ending in ':' take an app id or a port name.
 */
export const SURFACE_FAULTS = [
  {
    name: 'electrum-down',
    effect: 'the Electrum TCP port is closed (connection refused) while electrumx runs; open sessions are dropped',
  },
  {
    name: 'proxy-502:',
    effect:
      "/app/<path>/ answers nginx's 502 page while the app runs; <app> is the backend id, the companion id or the path segment (lnd, archy-lnd-ui, electrumx, archy-electrs-ui, btcpay-server, btcpay, mempool, fedimint, filebrowser)",
  },
  {
    name: 'direct-port-closed:',
    effect:
      'the direct port is closed while its app runs; <app> is the port name (bitcoin-rpc, archy-bitcoin-ui, electrum, lnd-rest) or the serving app (bitcoin-knots, bitcoin-core, electrumx, lnd)',
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
