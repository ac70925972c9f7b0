/**
 * L5: the kernel OOM-kills one app's container. The node notices: it brings the container back
 * (quadlet units have Restart=always, archy-surface §3.3) or reports the app stopped — never
 * "running" while podman has no running container. Red against the sim fault `oom-unnoticed`.
 */
import { expect, test } from '../fixtures';
import { ALL_APP_LOCKS } from '../lib/cells/locks';
import {
  chaosStart,
  chaosTags,
  chaosTitle,
  describeView,
  SCENARIOS,
  scaled,
  viewOf,
  type AppView,
} from './support/chaos';

const APP = 'filebrowser';
const CELL = 'chaos-oom';
/** Consistent samples in a row that count as settled. */
const SETTLED_SAMPLES = 3;

test.describe(`L5 ${CELL}`, { lock: [...ALL_APP_LOCKS] }, () => {
  test(chaosTitle(APP, CELL), { tag: chaosTags(APP, CELL) }, async ({ rpc, nodeConfig, control }) => {
    const { at, control: ctl } = await chaosStart({ rpc, nodeConfig, control }, APP, CELL);
    expect((await viewOf(rpc, ctl, APP)).container, `${at}: precondition: ${APP}'s container runs`).toBe('running');

    const t0 = Date.now();
    await ctl.oom(APP);
    const budget = scaled(nodeConfig, SCENARIOS[CELL].budgetMs);
    const seen: AppView[] = [];
    // The node must be consistent by the budget; the samples that confirm it may end after it (each
    // one costs a round trip: over SSH, seconds), so the observer's cost is not counted against the node.
    const deadline = t0 + budget;
    let inARow = 0;
    for (;;) {
      const v = await viewOf(rpc, ctl, APP);
      seen.push(v);
      const consistent =
        (v.state === 'running' && v.container === 'running') || (v.state === 'stopped' && v.container !== 'running');
      inARow = consistent ? inARow + 1 : 0;
      if (inARow >= SETTLED_SAMPLES) break;
      if (inARow === 0 && Date.now() > deadline)
        throw new Error(
          `${at}: ${budget} ms after the OOM kill the node still says ${describeView(v)} — it must bring the container back or say stopped, never "running" with no container`,
        );
      await new Promise((r) => setTimeout(r, 250));
    }
    const last = seen.at(-1)!;
    test
      .info()
      .annotations.push({ type: 'recovery', description: `${at}: ${describeView(last)} after ${Date.now() - t0} ms` });
    if (last.state === 'stopped') {
      test.info().annotations.push({
        type: 'warning',
        description: `${at}: the node reports ${APP} stopped after the OOM kill instead of bringing it back (allowed; Restart=always would restart it)`,
      });
      await rpc.start(APP); // leave the node as found
    }
  });
});
