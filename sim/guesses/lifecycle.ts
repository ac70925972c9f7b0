/**
 * Guesses about the package lifecycle as get-state and container-list show it (archy-surface §3).
 */
import { choice, dimension, named } from './types';

export type HealthSequence = 'absent-then-healthy' | 'starting-first' | 'absent-throughout';
export type ProgressShape = 'message-size-downloaded' | 'message-only' | 'startos-fields';
export type ContainerListShape = 'podman-and-plain' | 'podman-only' | 'plain-only';
/** What a node does with the apps that need a backend when the backend stops, and when it starts again. */
export type FollowBackend = 'keep-state' | 'stop-and-stay' | 'stop-and-return';

export const LIFECYCLE_GUESSES = {
  'health-sequence': dimension<HealthSequence>(
    '§3.3: running with health absent, healthy or unhealthy; the acceptance run saw health "unset … throughout"; §7.7 asks whether `starting` is used',
    named('absent-then-healthy', 'starting-first', 'absent-throughout'),
  ),
  'healthy-delay': dimension<number>(
    '§3.3: when health turns healthy after running is not seen (podman health check interval: manifest `interval`, e.g. 30s, §5.1)',
    [choice('3s', 3_000), choice('8s', 8_000)],
  ),
  'transitional-states': dimension<'observable' | 'too-short'>(
    '§3.3/§7.6: "whether start/stop return immediately with intermediate states (starting/stopping) or block" is open',
    named('observable', 'too-short'),
  ),
  'install-progress-shape': dimension<ProgressShape>(
    '§3.4: archy has at least `message`; NE {size, downloaded}; StartOS 0.3.5 {size, downloaded, download-complete, validated, …}',
    named('message-size-downloaded', 'message-only', 'startos-fields'),
  ),
  'install-progress-wording': dimension<{ pulling: string; creating: string; starting: string }>(
    '§3.4: only the key `message` is seen, never its texts while installing',
    [
      choice('sim', { pulling: 'Pulling image', creating: 'Creating container', starting: 'Starting container' }),
      choice('terse', { pulling: 'Downloading', creating: 'Creating', starting: 'Starting' }),
    ],
  ),
  'exited-container-state': dimension<'stopped' | 'exited'>(
    '§3.3: stage-to-node.sh treats `stopped` and `exited` as terminal: an entry whose container exited may show either',
    named('stopped', 'exited'),
  ),
  'container-names': dimension<Record<string, readonly string[]>>(
    '§5.2/TESTING name archy-btcpay-db, archy-nbxplorer, mempool-api, fedimint-gateway; any other helper container is not seen',
    [
      choice('with-helpers', {
        'btcpay-server': ['btcpay-server', 'archy-btcpay-db', 'archy-nbxplorer'],
        mempool: ['mempool', 'mempool-api', 'mempool-db'],
        fedimint: ['fedimint', 'fedimint-gateway'],
      }),
      choice('testing-names', {
        'btcpay-server': ['btcpay-server', 'archy-btcpay-db', 'archy-nbxplorer'],
        mempool: ['mempool', 'mempool-api'],
        fedimint: ['fedimint', 'fedimint-gateway'],
      }),
    ],
  ),
  'container-list-shape': dimension<ContainerListShape>(
    '§2.3: container-list is TESTING only, params and result unseen; podman ps --format json keys are the likely basis',
    named('podman-and-plain', 'podman-only', 'plain-only'),
  ),
  'proxy-lan-address': dimension<'proxy-url' | 'null'>(
    '§3.2: lan-address is "http://localhost:<port>" | null; what archy puts there for an app served under /app/<id>/ is not seen',
    named('proxy-url', 'null'),
  ),
  'companions-with-backend': dimension<FollowBackend>(
    '§4.4/§5.2: companions (archy-bitcoin-ui, archy-lnd-ui, archy-electrs-ui) are named, not how their entries follow a backend that stops and starts again; a node was seen bringing archy-bitcoin-ui back with bitcoin-knots',
    named('keep-state', 'stop-and-stay', 'stop-and-return'),
  ),
  'dependants-with-bitcoin': dimension<FollowBackend>(
    '§3.3: whether LND, electrumx, btcpay, mempool and fedimint are stopped with the bitcoin node they require, and started again with it, is not seen',
    named('keep-state', 'stop-and-stay', 'stop-and-return'),
  ),
  'recovery-timings': dimension<{ daemonRestartMs: number; rebootMs: number; oomRestartMs: number }>(
    'TESTING KPI: daemon startup target < 5 s; reboot and Restart=always delays are not measured',
    [
      choice('fast', { daemonRestartMs: 3_000, rebootMs: 30_000, oomRestartMs: 2_000 }),
      choice('slow', { daemonRestartMs: 5_000, rebootMs: 45_000, oomRestartMs: 4_000 }),
    ],
  ),
} as const;
