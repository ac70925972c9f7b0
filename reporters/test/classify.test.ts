import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyFailure } from '../classify';

test("the RPC client's NodeUnreachableError is infrastructure", () => {
  assert.equal(
    classifyFailure([
      'NodeUnreachableError: POST https://192.168.1.228/rpc/v1: connect ECONNREFUSED 192.168.1.228:443',
    ]),
    'infrastructure',
  );
});

test('a wait that ends with the node unreachable is infrastructure (lib/waiters.ts passes the RPC error on)', () => {
  const text =
    'Error: lnd on sim did not reach running within 15000 ms (cell start); last seen: error sim is unreachable at http://127.0.0.1:41000/rpc/v1: apiRequestContext.post: Timeout 10000ms exceeded';
  assert.equal(classifyFailure([text]), 'infrastructure');
  const stopped = 'Error: lnd on sim did not reach running within 15000 ms (cell start); last seen: stopped';
  assert.equal(classifyFailure([stopped]), 'product');
});

test('DNS, TLS, socket timeouts, host unreachable and image pulls are infrastructure', () => {
  for (const text of [
    'Error: getaddrinfo ENOTFOUND archy.local',
    'Error: self-signed certificate DEPTH_ZERO_SELF_SIGNED_CERT',
    'page.goto: net::ERR_CERT_AUTHORITY_INVALID at https://192.168.1.198/',
    'Error: connect ETIMEDOUT 192.168.1.228:443',
    'ConnectTimeoutError: Connect Timeout Error (UND_ERR_CONNECT_TIMEOUT)',
    'Error: connect EHOSTUNREACH 192.168.1.228:443',
    'InstallFailed: Error pulling image docker.io/lightninglabs/lnd: image pull failed',
    'NodeInfraError: preflight: health did not answer',
  ]) {
    assert.equal(classifyFailure([text]), 'infrastructure', text);
  }
});

test('a bare refused connection is product: the app behind the port is down', () => {
  assert.equal(classifyFailure(['Error: connect ECONNREFUSED 127.0.0.1:41010']), 'product');
  assert.equal(
    classifyFailure(['ProbeError: [node sim] bitcoin-knots/rpc: connection failed (ECONNREFUSED)']),
    'product',
  );
});

test('a request that never gets an answer is a timeout talking to the node: infrastructure', () => {
  assert.equal(
    classifyFailure(['ProbeError: [node sim] lnd/ui: connection failed (Timeout 5000ms exceeded)']),
    'infrastructure',
  );
  assert.equal(classifyFailure(['Error: apiRequestContext.get: Timeout 5000ms exceeded.']), 'infrastructure');
  assert.equal(
    classifyFailure(['ProbeError: [node sim] electrumx/rpc: no complete answer within 5000 ms (0/2 replies)']),
    'infrastructure',
  );
});

test('waiting for a state that never comes is product, not infrastructure', () => {
  const poll =
    'Error: lnd on sim never reached running\n\nexpect(received).toBe(expected)\nExpected: "running"\nReceived: "stopped"\n\nCall Log:\n- Timeout 60000ms exceeded while waiting on the predicate';
  assert.equal(classifyFailure([poll]), 'product');
});

test('schema drift and install timeouts get their own classes', () => {
  assert.equal(
    classifyFailure(['SchemaMismatchError: server.get-state: packages.lnd.state: expected string, got number']),
    'schema-drift',
  );
  assert.equal(classifyFailure(['InstallTimeoutError: lnd did not reach running within 300000 ms']), 'install-timeout');
  assert.equal(classifyFailure(['Error: install of lnd timed out after 300 s (state installing)']), 'install-timeout');
});

test('assertion failures are product', () => {
  assert.equal(
    classifyFailure(['Error: expect(received).toBe(expected)\nExpected: "running"\nReceived: "stopped"']),
    'product',
  );
});

test('infrastructure wins only when it explains every error', () => {
  assert.equal(
    classifyFailure(['NodeUnreachableError: timed out', 'Error: expect(received).toBe(expected)']),
    'product',
  );
  assert.equal(classifyFailure(['NodeUnreachableError: timed out', 'NodeUnreachableError: again']), 'infrastructure');
});

test("Playwright's own test timeout defers to the error that says what was awaited", () => {
  assert.equal(
    classifyFailure(['Test timeout of 30000ms exceeded.', 'NodeUnreachableError: POST /rpc/v1 timed out']),
    'infrastructure',
  );
  assert.equal(classifyFailure(['Test timeout of 30000ms exceeded.']), 'product');
});

test('no error text at all is a product failure, never infrastructure', () => {
  assert.equal(classifyFailure([]), 'product');
  assert.equal(classifyFailure(['  ']), 'product');
});
