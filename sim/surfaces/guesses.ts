/**
 * What the simulated app surfaces assume about a real node without having seen it. Each line is
 * one fact to correct when a real node tells otherwise. (Comments elsewhere tagged `GUESS:` point here.)
 */
export const SURFACE_GUESSES = {
  /** GUESS: versions the containers of an archy node ship. */
  bitcoinKnotsSubversion: '/Satoshi:28.1.0/Knots:20250305/',
  bitcoinCoreSubversion: '/Satoshi:28.1.0/',
  bitcoinVersion: 280100,
  electrumxVersion: 'ElectrumX 1.16.0',
  electrumProtocol: '1.4',
  lndVersion: '0.18.4-beta commit=v0.18.4-beta',
  lndAlias: 'archy',
  btcpayVersion: '2.0.7',
  mempoolVersion: '3.0.0',
  mempoolGitCommit: 'a2b0d5ef3',
  fedimintVersion: '0.5.0',
  filebrowserVersion: '2.31.2',
  /**
   * GUESS: LND REST on a real node wants `Grpc-Metadata-macaroon` (hex) and answers 401 without it.
   * The suite's lnd-getinfo probe sends none, so the sim answers without one unless the fault
   * `lnd-macaroon-required` is on; a header that is present but not hex is always refused (401).
   */
  lndMacaroonRequiredByDefault: false,
  /**
   * GUESS: archy-bitcoin-ui's own JSON endpoint (`/app/bitcoin-ui/rpc/v1` on a real node) is served at
   * `/rpc/v1` on its direct port and answers a JSON-RPC envelope around getblockchaininfo.
   */
  bitcoinUiRpcPath: '/rpc/v1',
  /**
   * GUESS: a dead electrumx is a closed port (the container is gone, nothing listens), not an
   * accept-then-close; `electrum-down` therefore closes the port like a stopped electrumx.
   */
  electrumDownMeansClosedPort: true,
  /** GUESS: mempool names electrum as its backend while electrumx runs, otherwise none. */
  mempoolBackendWithElectrumx: 'electrum',
} as const;
