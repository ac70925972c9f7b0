/**
 * security-origin (archy-surface §1.6): a dashboard-only method (auth.signer.list, a read) answers a
 * request without Origin and one from the node's own origin on 443/80, and refuses with 403 — even
 * with the owner's session and CSRF token — a foreign origin, the opaque origin "null", a look-alike
 * host and the node's own host on an app port. Read-only.
 *
 * When the node is addressed by a loopback address (the sim), the requests name a stand-in host in
 * both Host and Origin: a dev-mode node may allow loopback origins (§1.6), so the app-port case needs
 * a host that is not loopback to mean anything.
 */
import {
  test,
  expect,
  checkDetails,
  CHECKS,
  withSuiteSession,
  describeAnswer,
  DASHBOARD_ONLY_READ,
  FOREIGN_ORIGIN,
  STAND_IN_HOST,
  type Credentials,
  type RawAnswer,
} from '../fixtures/security';
import { SECURITY_READER_LOCKS } from '../lib/cells/locks';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)$/i;

interface Addressing {
  /** The host origins are built on. */
  host: string;
  /** Headers every request carries (Host when a stand-in host is used). */
  headers: Record<string, string>;
}

function addressing(baseUrl: string): Addressing {
  const url = new URL(baseUrl);
  if (!LOOPBACK.test(url.hostname)) return { host: url.hostname, headers: {} };
  return { host: STAND_IN_HOST, headers: { Host: url.port ? `${STAND_IN_HOST}:${url.port}` : STAND_IN_HOST } };
}

test.describe('security: the dashboard-only origin rule', { lock: [SECURITY_READER_LOCKS.origin] }, () => {
  async function call(
    raw: { send: (m: string, p: unknown, r: object) => Promise<RawAnswer> },
    suite: Credentials,
    node: string,
    where: string,
    origin: string | undefined,
  ): Promise<RawAnswer> {
    const a = addressing(node);
    const s = withSuiteSession(suite, where);
    const headers = { ...s.headers, ...a.headers, ...(origin !== undefined ? { Origin: origin } : {}) };
    return raw.send(
      DASHBOARD_ONLY_READ,
      {},
      { cookies: s.cookies, headers, what: origin === undefined ? 'no Origin' : `Origin ${origin}` },
    );
  }

  test(CHECKS.originAbsent.title, checkDetails('originAbsent'), async ({ raw, suite, security, nodeConfig }) => {
    const where = security.where('origin');
    const answer = await call(raw, suite, nodeConfig.baseUrl, where, undefined);
    expect(
      answer.status,
      `${where}: ${DASHBOARD_ONLY_READ} without Origin answered ${describeAnswer(answer)}; §1.6 allows a non-browser client`,
    ).toBe(200);
    expect(answer.hasError, `${where}: ${DASHBOARD_ONLY_READ} without Origin answered ${describeAnswer(answer)}`).toBe(
      false,
    );
  });

  test(CHECKS.originSameHost.title, checkDetails('originSameHost'), async ({ raw, suite, security, nodeConfig }) => {
    const where = security.where('origin');
    const { host } = addressing(nodeConfig.baseUrl);
    for (const origin of [`https://${host}`, `https://${host}:443`, `http://${host}`]) {
      const answer = await call(raw, suite, nodeConfig.baseUrl, where, origin);
      expect(
        answer.status,
        `${where}: ${DASHBOARD_ONLY_READ} from Origin ${origin} answered ${describeAnswer(answer)}; §1.6 allows the node's own host on 443/80`,
      ).toBe(200);
      expect(
        answer.hasError,
        `${where}: ${DASHBOARD_ONLY_READ} from Origin ${origin} answered ${describeAnswer(answer)}`,
      ).toBe(false);
    }
  });

  test(CHECKS.originForeign.title, checkDetails('originForeign'), async ({ raw, suite, security, nodeConfig }) => {
    const where = security.where('origin');
    const { host } = addressing(nodeConfig.baseUrl);
    for (const origin of [
      FOREIGN_ORIGIN,
      'null',
      `https://${host}.archy-e2e-attacker.example`,
      `https://archy-e2e-attacker.example/${host}`,
    ]) {
      const answer = await call(raw, suite, nodeConfig.baseUrl, where, origin);
      expect(
        answer.status,
        `${where}: ${DASHBOARD_ONLY_READ} from Origin ${origin} with the owner's session answered ${describeAnswer(answer)}; expected 403`,
      ).toBe(403);
    }
  });

  test(CHECKS.originAppPort.title, checkDetails('originAppPort'), async ({ raw, suite, security, nodeConfig }) => {
    const where = security.where('origin');
    const { host } = addressing(nodeConfig.baseUrl);
    for (const origin of [`https://${host}:8337`, `http://${host}:8080`]) {
      const answer = await call(raw, suite, nodeConfig.baseUrl, where, origin);
      expect(
        answer.status,
        `${where}: ${DASHBOARD_ONLY_READ} from Origin ${origin} (an app port) with the owner's session answered ${describeAnswer(answer)}; expected 403`,
      ).toBe(403);
    }
  });
});
