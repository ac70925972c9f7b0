/**
 * Faults that only show on a sequence of actions (sim/FAULTS.md, "order-dependent faults"): the daemon
 * remembers the lifecycle calls each app got in this daemon's life, and a fault fires on a pattern of
 * them. Built from the sim's own primitives (containers removed or left behind), so the symptom is
 * what a real product bug would show.
 */
export const RESTART_AFTER_CYCLE = 'restart-after-cycle-loses-container';
export const SECOND_UNINSTALL = 'second-uninstall-leaves-container';

export type LifecycleCall = 'install' | 'start' | 'stop' | 'restart' | 'uninstall';

export class SequenceFaults {
  private readonly calls = new Map<string, LifecycleCall[]>();

  constructor(private readonly faults: { has(name: string): boolean }) {}

  note(app: string, call: LifecycleCall): void {
    const list = this.calls.get(app) ?? [];
    list.push(call);
    this.calls.set(app, list.slice(-32));
  }

  /** A restart of an app that was stopped and then started before (in this daemon's life): it reports running, its containers are gone. */
  restartLosesContainers(app: string): boolean {
    if (!this.faults.has(RESTART_AFTER_CYCLE)) return false;
    const calls = this.calls.get(app) ?? [];
    const stop = calls.indexOf('stop');
    return stop >= 0 && calls.indexOf('start', stop) > stop && calls[calls.length - 1] === 'restart';
  }

  /** The second uninstall of the same app in this daemon's life leaves its containers behind. */
  uninstallLeavesContainers(app: string): boolean {
    if (!this.faults.has(SECOND_UNINSTALL)) return false;
    return (this.calls.get(app) ?? []).filter((c) => c === 'uninstall').length >= 2;
  }
}
