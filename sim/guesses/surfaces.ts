/**
 * Guesses about the app surfaces: which direct ports exist, what the app containers serve and how
 * dependants behave (archy-surface §4.4, §5; archy-TESTING.md's matrix).
 */
import type { DirectPortName } from '../apps';
import { choice, dimension, named } from './types';

export interface AppVersions {
  bitcoinKnotsSubversion: string;
  bitcoinCoreSubversion: string;
  bitcoinVersion: number;
  electrumxVersion: string;
  lndVersion: string;
  lndAlias: string;
  btcpayVersion: string;
  mempoolVersion: string;
  mempoolGitCommit: string;
  fedimintVersion: string;
  filebrowserVersion: string;
}

export const SURFACE_GUESSES = {
  // the direct ports of sim/apps.ts this node leaves out
  'direct-ports': dimension<readonly DirectPortName[]>(
    'TESTING: bitcoin-ui on 8334, electrumx TCP 50001, LND checked "(lncli)" not REST; §5.2 bitcoin-knots catalogue port 8332 binds 127.0.0.1',
    [
      choice('all', []),
      choice('no-lnd-rest', ['lnd-rest']),
      choice('no-lnd-rest-no-bitcoin-rpc', ['lnd-rest', 'bitcoin-rpc']),
    ],
  ),
  // offsets: sim/apps.ts's, or moved (sim/surfaces/ports.ts); real: host ports that differ from sim/apps.ts's
  'direct-port-numbers': dimension<{ offsets: 'described' | 'shuffled'; real: Partial<Record<string, number>> }>(
    "§5.2: only 8332, 8334, 18083, 8337, 3742/3743 are seen; other apps' host ports (btcpay, mempool, filebrowser, fedimint) are not",
    [
      choice('sim', { offsets: 'described', real: {} }),
      choice('shuffled', { offsets: 'shuffled', real: { 'btcpay-server': 23001, mempool: 8999, filebrowser: 8090 } }),
    ],
  ),
  'proxy-paths-session': dimension<'open' | 'session-required'>(
    "§4.4: gated ports answer 401 without a dashboard session; whether nginx's /app/<id>/ paths (TESTING) need one is not seen",
    named('open', 'session-required'),
  ),
  'health-endpoints': dimension<'documented' | 'extra'>(
    '§1.1: NE answers GET /health "healthy"; archy\'s nginx is not seen; apps document their own (File Browser /health, mempool /api/v1/backend-info)',
    named('documented', 'extra'),
  ),
  'dependants-while-bitcoin-stopped': dimension<'stop-serving' | 'keep-serving'>(
    "not seen: a real mempool keeps serving its last tip from its database while bitcoind is down; the sim's 503 is invented",
    named('stop-serving', 'keep-serving'),
  ),
  'lnd-rest-macaroon': dimension<boolean>(
    "no evidence on archy's LND REST; upstream LND wants a Grpc-Metadata-macaroon on /v1/getinfo",
    [choice('optional', false), choice('required', true)],
  ),
  'bitcoin-ui-json': dimension<'direct-and-proxy' | 'proxy-only'>(
    "§4.4: the mock backend serves /app/bitcoin-ui/rpc/v1; the same endpoint on the UI's own port 8334 is not seen",
    named('direct-and-proxy', 'proxy-only'),
  ),
  'electrum-down': dimension<'closed-port' | 'accept-then-close'>(
    'not seen: whether a dead electrumx leaves nothing listening or a proxy/pasta that accepts and closes',
    named('closed-port', 'accept-then-close'),
  ),
  'mempool-backend': dimension<'electrum-when-up' | 'none'>(
    'TESTING probes /api/v1/backend-info; which backend archy configures mempool with is not seen',
    named('electrum-when-up', 'none'),
  ),
  'chain-params': dimension<{ chain: string; startHeight: number; blockIntervalMs: number }>(
    'TESTING: bitcoin.getinfo exists, result unseen; a test node may run main or signet',
    [
      choice('main', { chain: 'main', startHeight: 880_000, blockIntervalMs: 600_000 }),
      choice('signet', { chain: 'signet', startHeight: 230_000, blockIntervalMs: 600_000 }),
    ],
  ),
  'app-versions': dimension<AppVersions>(
    'not seen: the image versions an archy v1.9 node ships (§5.2 gives ids, not versions)',
    [
      choice('sim', {
        bitcoinKnotsSubversion: '/Satoshi:28.1.0/Knots:20250305/',
        bitcoinCoreSubversion: '/Satoshi:28.1.0/',
        bitcoinVersion: 280100,
        electrumxVersion: 'ElectrumX 1.16.0',
        lndVersion: '0.18.4-beta commit=v0.18.4-beta',
        lndAlias: 'archy',
        btcpayVersion: '2.0.7',
        mempoolVersion: '3.0.0',
        mempoolGitCommit: 'a2b0d5ef3',
        fedimintVersion: '0.5.0',
        filebrowserVersion: '2.31.2',
      }),
      choice('newer', {
        bitcoinKnotsSubversion: '/Satoshi:29.1.0/Knots:20250910/',
        bitcoinCoreSubversion: '/Satoshi:29.0.0/',
        bitcoinVersion: 290000,
        electrumxVersion: 'ElectrumX 1.18.0',
        lndVersion: '0.19.2-beta commit=v0.19.2-beta',
        lndAlias: 'archipelago',
        btcpayVersion: '2.1.6',
        mempoolVersion: '3.2.1',
        mempoolGitCommit: '7f3c21b90',
        fedimintVersion: '0.7.2',
        filebrowserVersion: '2.40.1',
      }),
    ],
  ),
} as const;

export const DASHBOARD_GUESSES = {
  'dashboard-landmarks': dimension<{ navLabel: string | null }>(
    '§4.2: only the NE nav item texts (Home, My Apps, App Store, Server, Settings) are seen, no landmark names',
    [
      choice('main-navigation', { navLabel: 'Main navigation' }),
      choice('unnamed', { navLabel: null }),
      choice('other-name', { navLabel: 'Dashboard' }),
    ],
  ),
  'dashboard-script': dimension<'external' | 'inline'>(
    '§4: a Vue SPA with index.html and assets/ at the root; how index.html loads its code is not seen',
    named('external', 'inline'),
  ),
  'test-ids': dimension<boolean>(
    "§4.2: only the login page's data-testids (connect-signer-*, signer-*) are seen; none on badges, banners or counters",
    [choice('present', true), choice('absent', false)],
  ),
} as const;
