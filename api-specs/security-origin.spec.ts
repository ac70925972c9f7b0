/**
 * security-origin (archy-surface §1.6): a dashboard-only method answers a request without Origin and one
 * from the node's own origin on 443/80, and refuses with 403 — even with the owner's session and CSRF
 * token — a foreign origin, the opaque origin "null", a look-alike host and the node's own host on an app
 * port. The method is the first of §1.6's list the node offers (lib/security/dashboard-only.ts: a read
 * such as auth.signer.list, or a call on something that does not exist); a node that offers none of
 * them leaves the rule untried: not covered, with the reason. Read-only.
 *
 * When the node is addressed by a loopback address (the sim), the requests name a stand-in host in
 * both Host and Origin: a dev-mode node may allow loopback origins (§1.6), so the app-port case needs
 * a host that is not loopback to mean anything.
 */
import type { TestInfo } from '@playwright/test';
import {
  test,
  expect,
  checkDetails,
  CHECKS,
  withSuiteSession,
  describeAnswer,
  FOREIGN_ORIGIN,
  STAND_IN_HOST,
  type Credentials,
  type RawAnswer,
  type CraftedRpc,
} from '../fixtures/security';
import { skipNotCovered } from '../fixtures';
import { SECURITY_READER_LOCKS } from '../lib/cells/locks';
import {
  dashboardOnlyProbe,
  letThrough,
  noDashboardOnlyMethod,
  type DashboardOnlyProbe,
} from '../lib/security/dashboard-only';

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
  interface Node {
    name: string;
    baseUrl: string;
  }

  function call(
    raw: CraftedRpc,
    suite: Credentials,
    node: Node,
    where: string,
    probe: DashboardOnlyProbe,
    origin: string | undefined,
  ): Promise<RawAnswer> {
    const a = addressing(node.baseUrl);
    const s = withSuiteSession(suite, where);
    const headers = { ...s.headers, ...a.headers, ...(origin !== undefined ? { Origin: origin } : {}) };
    return raw.send(probe.method, probe.params, {
      cookies: s.cookies,
      headers,
      what: origin === undefined ? 'no Origin' : `Origin ${origin}`,
    });
  }

  /** The dashboard-only method this node offers; a node with none: not covered, with the reason. */
  async function probeFor(
    raw: CraftedRpc,
    suite: Credentials,
    node: Node,
    where: string,
    testInfo: TestInfo,
  ): Promise<DashboardOnlyProbe> {
    const probe = await dashboardOnlyProbe(node.name, (p) => call(raw, suite, node, where, p, undefined));
    if (!probe) return skipNotCovered(testInfo, { class: 'policy', reason: noDashboardOnlyMethod(node.name) });
    testInfo.annotations.push({ type: 'probe', description: `${probe.method} (${probe.basis})` });
    return probe;
  }

  /** "auth.signer.list" or "identity.link-nostrconnect-finish (§2.4: a pairing that does not exist)". */
  function named(probe: DashboardOnlyProbe): string {
    return probe.reads ? probe.method : `${probe.method} (${probe.basis})`;
  }

  interface Fixtures {
    raw: CraftedRpc;
    suite: Credentials;
    security: { where(cell: 'origin'): string };
    nodeConfig: Node;
  }

  /**
   * Sends the node's dashboard-only probe from each origin (undefined: no Origin header) with the
   * owner's session, and hands each answer to `judge` with a label for its failure message.
   */
  async function fromOrigins(
    { raw, suite, security, nodeConfig }: Fixtures,
    testInfo: TestInfo,
    origins: (host: string) => (string | undefined)[],
    judge: (probe: DashboardOnlyProbe, answer: RawAnswer, label: string) => void,
  ): Promise<void> {
    const where = security.where('origin');
    const probe = await probeFor(raw, suite, nodeConfig, where, testInfo);
    for (const origin of origins(addressing(nodeConfig.baseUrl).host)) {
      const answer = await call(raw, suite, nodeConfig, where, probe, origin);
      const from = origin === undefined ? 'without Origin' : `from Origin ${origin}`;
      judge(probe, answer, `${where}: ${named(probe)} ${from} answered ${describeAnswer(answer)}`);
    }
  }

  test(CHECKS.originAbsent.title, checkDetails('originAbsent'), ({ raw, suite, security, nodeConfig }, testInfo) =>
    fromOrigins(
      { raw, suite, security, nodeConfig },
      testInfo,
      () => [undefined],
      (probe, answer, label) =>
        expect(letThrough(probe, answer), `${label}; §1.6 allows a non-browser client`).toBe(true),
    ),
  );

  test(CHECKS.originSameHost.title, checkDetails('originSameHost'), ({ raw, suite, security, nodeConfig }, testInfo) =>
    fromOrigins(
      { raw, suite, security, nodeConfig },
      testInfo,
      (host) => [`https://${host}`, `https://${host}:443`, `http://${host}`],
      (probe, answer, label) =>
        expect(letThrough(probe, answer), `${label}; §1.6 allows the node's own host on 443/80`).toBe(true),
    ),
  );

  test(CHECKS.originForeign.title, checkDetails('originForeign'), ({ raw, suite, security, nodeConfig }, testInfo) =>
    fromOrigins(
      { raw, suite, security, nodeConfig },
      testInfo,
      (host) => [
        FOREIGN_ORIGIN,
        'null',
        `https://${host}.archy-e2e-attacker.example`,
        `https://archy-e2e-attacker.example/${host}`,
      ],
      (_probe, answer, label) => expect(answer.status, `${label} with the owner's session; expected 403`).toBe(403),
    ),
  );

  test(CHECKS.originAppPort.title, checkDetails('originAppPort'), ({ raw, suite, security, nodeConfig }, testInfo) =>
    fromOrigins(
      { raw, suite, security, nodeConfig },
      testInfo,
      (host) => [`https://${host}:8337`, `http://${host}:8080`],
      (_probe, answer, label) =>
        expect(answer.status, `${label} (an app port) with the owner's session; expected 403`).toBe(403),
    ),
  );
});
