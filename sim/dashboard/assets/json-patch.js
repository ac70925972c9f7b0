// RFC 6902 add / replace / remove (plus copy, move, test), applied in place to the dashboard's state.
// archy-surface §6: /ws/db sends {rev, patch:[ops]} after the first full dump.

function decode(segment) {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function split(path) {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new Error(`bad JSON pointer: ${path}`);
  return path.slice(1).split('/').map(decode);
}

function parentOf(doc, keys) {
  let node = doc;
  for (const key of keys.slice(0, -1)) {
    if (node === null || typeof node !== 'object' || !(key in node)) throw new Error(`path not found at ${key}`);
    node = node[key];
  }
  return node;
}

function getAt(doc, path) {
  let node = doc;
  for (const key of split(path)) node = node == null ? undefined : node[key];
  return node;
}

function setAt(doc, path, value, op) {
  const keys = split(path);
  if (keys.length === 0) return value;
  const parent = parentOf(doc, keys);
  const last = keys[keys.length - 1];
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (op === 'add') parent.splice(index, 0, value);
    else parent[index] = value;
  } else {
    parent[last] = value;
  }
  return doc;
}

function removeAt(doc, path) {
  const keys = split(path);
  const parent = parentOf(doc, keys);
  const last = keys[keys.length - 1];
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
  return doc;
}

/** Applies `ops` to `doc` and returns the (possibly new) root. Throws on an op it cannot apply. */
export function applyPatch(doc, ops) {
  let root = doc;
  for (const op of ops) {
    switch (op.op) {
      case 'add':
      case 'replace':
        root = setAt(root, op.path, structuredClone(op.value), op.op);
        break;
      case 'remove':
        root = removeAt(root, op.path);
        break;
      case 'copy':
        root = setAt(root, op.path, structuredClone(getAt(root, op.from)), 'add');
        break;
      case 'move': {
        const value = getAt(root, op.from);
        root = removeAt(root, op.from);
        root = setAt(root, op.path, value, 'add');
        break;
      }
      case 'test':
        if (JSON.stringify(getAt(root, op.path)) !== JSON.stringify(op.value)) throw new Error(`test failed at ${op.path}`);
        break;
      default:
        throw new Error(`unknown patch op ${op.op}`);
    }
  }
  return root;
}
