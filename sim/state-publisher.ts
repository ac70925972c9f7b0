/**
 * Revisioned state: rebuilds the data model after changes (batched per tick), keeps the
 * serialised `server.get-state` result ready, and hands RFC 6902 patches to /ws/db listeners.
 */
import { compare, type Operation as PatchOp } from 'fast-json-patch';

export type PatchListener = (rev: number, patch: PatchOp[]) => void;

export class StatePublisher {
  private rev = 0;
  private view: Record<string, unknown> = {};
  private json = '';
  private dirty = true;
  private scheduled: NodeJS.Immediate | null = null;
  private readonly listeners = new Set<PatchListener>();

  constructor(private readonly build: () => Record<string, unknown>) {}

  markDirty(): void {
    this.dirty = true;
    if (!this.scheduled) this.scheduled = setImmediate(() => this.publish());
  }

  private publish(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    if (!this.dirty) return;
    this.dirty = false;
    const next = this.build();
    const ops = this.json ? compare(this.view, next) : [];
    if (this.json && ops.length === 0) return;
    this.rev += 1;
    this.view = next;
    this.json = JSON.stringify({ data: next, rev: this.rev });
    for (const l of this.listeners) l(this.rev, ops);
  }

  /** `{data, rev}` as JSON text, up to date. */
  stateJson(): string {
    if (this.dirty || !this.json) this.publish();
    return this.json;
  }

  snapshot(): { rev: number; data: Record<string, unknown> } {
    this.stateJson();
    return { rev: this.rev, data: this.view };
  }

  subscribe(l: PatchListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  close(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    this.listeners.clear();
  }
}
