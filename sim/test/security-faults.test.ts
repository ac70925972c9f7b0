/**
 * The sim's security pieces and their faults (issue 16), as pure functions: the origin rule, the CSRF
 * check bound to the session, cookie attributes, the login limiter's key and window, the sanitiser.
 * The specs prove the same end to end (api-specs/security-*.spec.ts, npm run fault-matrix -- --grep @security).
 */
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { rememberCookie, sessionCookies } from '../cookies';
import { originAllowed } from '../origin';
import { LoginLimiter, limiterKey } from '../rate-limit';
import { sanitize } from '../rpc-errors';
import { csrfMatches, deriveCsrf } from '../sessions';

const on =
  (...names: string[]) =>
  (n: string): boolean =>
    names.includes(n);
const req = (headers: Record<string, string>, remoteAddress = '127.0.0.1'): IncomingMessage =>
  ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('sim security', () => {
  it('origin rule (§1.6): no Origin or the own host on 80/443 pass; the rest is refused', () => {
    const host = { host: 'node.local:8443' };
    assert.equal(originAllowed(req(host), on()), true);
    assert.equal(originAllowed(req({ ...host, origin: 'https://node.local' }), on()), true);
    assert.equal(originAllowed(req({ ...host, origin: 'http://node.local:80' }), on()), true);
    for (const origin of [
      'https://node.local:8337',
      'https://evil.example',
      'null',
      'https://node.local.evil.example',
      'ftp://node.local',
    ]) {
      assert.equal(originAllowed(req({ ...host, origin }), on()), false, origin);
    }
    assert.equal(originAllowed(req({ ...host, origin: 'https://node.local:8337' }), on('origin-port-ignored')), true);
    assert.equal(originAllowed(req({ ...host, origin: 'https://evil.example' }), on('origin-port-ignored')), false);
    assert.equal(originAllowed(req({ ...host, origin: 'https://evil.example' }), on('origin-rule-missing')), true);
  });

  it('CSRF (§1.4/§1.5): the header must be the token of the own session', () => {
    const mine = deriveCsrf('s1');
    const theirs = deriveCsrf('s2');
    assert.equal(csrfMatches(mine, mine, 's1', on()), true);
    assert.equal(csrfMatches(undefined, mine, 's1', on()), false);
    assert.equal(csrfMatches('', '', 's1', on()), false);
    assert.equal(csrfMatches(theirs, theirs, 's1', on()), false);
    assert.equal(csrfMatches('forged', 'forged', 's1', on()), false);
    assert.equal(csrfMatches('forged', 'forged', 's1', on('csrf-not-bound-to-session')), true);
    assert.equal(csrfMatches(undefined, mine, 's1', on('csrf-checked-only-when-present')), true);
    assert.equal(csrfMatches('', mine, 's1', on('csrf-checked-only-when-present')), false);
  });

  it('cookie faults change exactly their attribute', () => {
    const plain = sessionCookies('s', 'c', true, 60);
    assert.match(plain[0], /HttpOnly/);
    assert.match(plain[0], /; Secure/);
    assert.doesNotMatch(sessionCookies('s', 'c', true, 60, on('session-cookie-not-httponly'))[0], /HttpOnly/);
    assert.match(sessionCookies('s', 'c', true, 60, on('session-cookie-not-httponly'))[1], /^csrf_token=c;/);
    assert.match(rememberCookie('r', false, on('cookies-samesite-none')), /SameSite=None/);
    assert.doesNotMatch(sessionCookies('s', 'c', true, 60, on('cookies-not-secure')).join(), /Secure/);
  });

  it('login limiter (§1.7): per peer, per window; the faults switch the key and the window', () => {
    assert.equal(limiterKey(req({ 'x-forwarded-for': '203.0.113.9' }), on()), '127.0.0.1');
    assert.equal(
      limiterKey(req({ 'x-forwarded-for': '203.0.113.9, 10.0.0.1' }), on('login-rate-limit-trusts-forwarded-for')),
      '203.0.113.9',
    );
    const limiter = new LoginLimiter(5, 60_000);
    const answers = Array.from({ length: 6 }, () => limiter.allow('a'));
    assert.deepEqual(answers, [true, true, true, true, true, false]);
    const off = new LoginLimiter(5, 60_000, on('login-rate-limit-off'));
    assert.ok(Array.from({ length: 10 }, () => off.allow('a')).every(Boolean));
  });

  it('sanitiser (§1.3): paths rewritten, 200 characters; the fault leaves paths', () => {
    assert.equal(
      sanitize('Not found: /etc/archy/x and /usr/local/bin/podman'),
      'Not found: [config]/archy/x and [bin]/podman',
    );
    assert.equal(sanitize('Not found: /etc/x', true), 'Not found: /etc/x');
    assert.equal(sanitize(`Invalid ${'x'.repeat(300)}`).length, 203);
    assert.equal(sanitize('ENOENT: open /etc/passwd'), 'Internal error');
  });
});
