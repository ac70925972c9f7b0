/**
 * RFC 6902 JSON Patch: the diff the daemon sends over /ws/db, and `apply` for the body-rewrite
 * fault primitive.
 */
export type PatchOp =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

function esc(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && sameJson(a[k], b[k]));
  }
  return false;
}

/** Ops that turn `from` into `to` (objects recursively; arrays and scalars replaced whole). */
export function diff(from: unknown, to: unknown, base = ''): PatchOp[] {
  if (sameJson(from, to)) return [];
  if (!isObject(from) || !isObject(to)) return [{ op: 'replace', path: base, value: to }];
  const ops: PatchOp[] = [];
  for (const key of Object.keys(from)) if (!(key in to) || to[key] === undefined) if (from[key] !== undefined) ops.push({ op: 'remove', path: `${base}/${esc(key)}` });
  for (const [key, value] of Object.entries(to)) {
    if (value === undefined) continue;
    const p = `${base}/${esc(key)}`;
    if (!(key in from) || from[key] === undefined) ops.push({ op: 'add', path: p, value });
    else ops.push(...diff(from[key], value, p));
  }
  return ops;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`Invalid JSON pointer: ${pointer}`);
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getAt(doc: unknown, parts: string[]): unknown {
  let cur: unknown = doc;
  for (const p of parts) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isObject(cur)) cur = cur[p];
    else return undefined;
  }
  return cur;
}

/** Applies ops to a deep copy of `doc` and returns it. Throws on an op that does not fit. */
export function apply(doc: unknown, ops: PatchOp[]): unknown {
  let root: unknown = structuredClone(doc);
  for (const op of ops) {
    const parts = parsePointer(op.path);
    if (op.op === 'test') {
      if (!sameJson(getAt(root, parts), op.value)) throw new Error(`test failed at ${op.path}`);
      continue;
    }
    let value: unknown;
    if (op.op === 'move' || op.op === 'copy') {
      value = structuredClone(getAt(root, parsePointer(op.from)));
      if (op.op === 'move') root = apply(root, [{ op: 'remove', path: op.from }]);
    } else if (op.op === 'add' || op.op === 'replace') value = structuredClone(op.value);
    if (parts.length === 0) {
      root = op.op === 'remove' ? null : value;
      continue;
    }
    const parent = getAt(root, parts.slice(0, -1));
    const key = parts[parts.length - 1] as string;
    if (Array.isArray(parent)) {
      const index = key === '-' ? parent.length : Number(key);
      if (op.op === 'remove') parent.splice(index, 1);
      else if (op.op === 'replace') parent[index] = value;
      else parent.splice(index, 0, value);
    } else if (isObject(parent)) {
      if (op.op === 'remove') delete parent[key];
      else parent[key] = value;
    } else throw new Error(`no parent for ${op.path}`);
  }
  return root;
}
