/** The order-dependent faults fire only on their sequence of lifecycle calls (sim/sequence-faults.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RESTART_AFTER_CYCLE, SECOND_UNINSTALL, SequenceFaults } from '../sequence-faults';

function withFaults(...on: string[]): SequenceFaults {
  return new SequenceFaults({ has: (n) => on.includes(n) });
}

describe('order-dependent sim faults', () => {
  it(`${RESTART_AFTER_CYCLE}: a restart after a stop and a later start, not before`, () => {
    const f = withFaults(RESTART_AFTER_CYCLE);
    f.note('lnd', 'restart');
    assert.equal(f.restartLosesContainers('lnd'), false);
    f.note('lnd', 'start');
    f.note('lnd', 'stop');
    f.note('lnd', 'restart');
    assert.equal(f.restartLosesContainers('lnd'), false, 'a start before the stop is no cycle');
    f.note('lnd', 'start');
    f.note('lnd', 'restart');
    assert.equal(f.restartLosesContainers('lnd'), true);
    assert.equal(f.restartLosesContainers('filebrowser'), false);
    assert.equal(withFaults().restartLosesContainers('lnd'), false, 'off: never');
  });

  it(`${SECOND_UNINSTALL}: from the second uninstall of the same app`, () => {
    const f = withFaults(SECOND_UNINSTALL);
    f.note('filebrowser', 'uninstall');
    assert.equal(f.uninstallLeavesContainers('filebrowser'), false);
    f.note('filebrowser', 'install');
    f.note('lnd', 'uninstall');
    f.note('filebrowser', 'uninstall');
    assert.equal(f.uninstallLeavesContainers('filebrowser'), true);
    assert.equal(f.uninstallLeavesContainers('lnd'), false);
  });
});
