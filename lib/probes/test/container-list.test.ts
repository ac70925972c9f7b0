import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerRows, missingOrStopped } from '../container-list';

test('reads podman-like rows and archy-like rows alike', () => {
  const podman = containerRows([{ Names: ['lnd'], State: 'running', Image: 'docker.io/lightninglabs/lnd:v0.18' }]);
  assert.deepEqual(podman, [
    { name: 'lnd', state: 'running', image: 'docker.io/lightninglabs/lnd:v0.18', health: null },
  ]);
  const wrapped = containerRows({ containers: [{ name: 'mempool', status: 'Up 3 minutes', health: 'healthy' }] });
  assert.equal(wrapped[0].state, 'up 3 minutes');
});

test('names every container that is absent or not running', () => {
  const rows = containerRows([
    { name: 'btcpay-server', state: 'running' },
    { name: 'archy-btcpay-db', state: 'exited' },
  ]);
  assert.deepEqual(missingOrStopped(rows, ['btcpay-server', 'archy-btcpay-db', 'archy-nbxplorer']), [
    'archy-btcpay-db is "exited", not running',
    'archy-nbxplorer absent from container-list',
  ]);
});

test('an unknown shape is an error, not an empty list', () => {
  assert.throws(() => containerRows({ containers: 'nope' }), /unknown shape/);
});
