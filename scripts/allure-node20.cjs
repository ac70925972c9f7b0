// Node 20 shim for the Allure 3 CLI: `allure quality-gate` calls Iterator.prototype.toArray(),
// which Node gained in v22 (iterator helpers). Preloaded with `node --require` by scripts that run
// the CLI (reporters/allure-cli.ts); defines only that one method, only where it is missing.
'use strict';
const iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
if (typeof iteratorPrototype.toArray !== 'function') {
  Object.defineProperty(iteratorPrototype, 'toArray', {
    configurable: true,
    writable: true,
    value: function toArray() {
      return Array.from({ [Symbol.iterator]: () => this });
    },
  });
}
