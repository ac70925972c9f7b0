/**
 * security-sanitiser (archy-surface §1.3): the backend's error sanitiser rewrites paths (`/etc/` →
 * `[config]/`, `/usr/local/bin/` → `[bin]/`) and cuts messages to 200 characters plus "...". The
 * probes are harmless mutations (an app that does not exist) whose ids carry a path or 600
 * characters; whatever the node answers, no path and no longer message may reach the client.
 * Which text a node answers is its own (wording beyond the prefixes is unknown). Read-only.
 */
import {
  test,
  expect,
  checkDetails,
  CHECKS,
  withSuiteSession,
  describeAnswer,
  LONG_ID_PROBE,
  PATH_PROBES,
} from '../fixtures/security';
import { SECURITY_READER_LOCKS } from '../lib/cells/locks';

/** "cut to 200 chars plus `...`" (§1.3). */
const MAX_MESSAGE = 203;

test.describe('security: the error sanitiser', { lock: [SECURITY_READER_LOCKS.sanitiser] }, () => {
  test(CHECKS.sanitiserPaths.title, checkDetails('sanitiserPaths'), async ({ raw, suite, security }) => {
    const where = security.where('sanitiser');
    for (const probe of PATH_PROBES) {
      const answer = await raw.send(probe.method, probe.params, {
        ...withSuiteSession(suite, where),
        what: `an id with ${probe.path}`,
      });
      expect(
        answer.status,
        `${where}: ${probe.method} of an app id with ${probe.path} answered ${describeAnswer(answer)}`,
      ).toBe(200);
      expect(
        answer.hasError,
        `${where}: ${probe.method} of an app that does not exist must be an RPC error (${describeAnswer(answer)})`,
      ).toBe(true);
      expect(
        answer.errorMessage ?? '',
        `${where}: the error message carries the path ${probe.path} (§1.3 rewrites it)`,
      ).not.toContain(probe.path);
    }
  });

  test(CHECKS.sanitiserLength.title, checkDetails('sanitiserLength'), async ({ raw, suite, security }) => {
    const where = security.where('sanitiser');
    const answer = await raw.send(LONG_ID_PROBE.method, LONG_ID_PROBE.params, {
      ...withSuiteSession(suite, where),
      what: 'a 620-character id',
    });
    expect(
      answer.hasError,
      `${where}: ${LONG_ID_PROBE.method} of an app that does not exist must be an RPC error (${describeAnswer(answer)})`,
    ).toBe(true);
    expect(
      (answer.errorMessage ?? '').length,
      `${where}: the error message is ${(answer.errorMessage ?? '').length} characters long; §1.3 cuts at 200 plus "..."`,
    ).toBeLessThanOrEqual(MAX_MESSAGE);
  });
});
