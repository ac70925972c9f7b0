// How a view reaches the page when the state changes (view-updates, sim/guesses/dashboard.ts): rebuilt
// whenever its markup changed, or patched in place node by node (as Vue's unkeyed patching does), so
// elements a user holds keep their identity.
import { openNativeDialogs } from './markup.js';
import { VARIANT } from './variant.js';

function patchChildren(target, source) {
  const have = [...target.childNodes];
  const want = [...source.childNodes];
  want.forEach((node, i) => {
    const old = have[i];
    if (!old) target.appendChild(node);
    else patchNode(target, old, node);
  });
  for (const extra of have.slice(want.length)) extra.remove();
}

function patchNode(parent, old, node) {
  if (old.nodeType !== node.nodeType || old.nodeName !== node.nodeName) {
    parent.replaceChild(node, old);
    return;
  }
  if (old.nodeType !== Node.ELEMENT_NODE) {
    if (old.nodeValue !== node.nodeValue) old.nodeValue = node.nodeValue;
    return;
  }
  for (const { name } of [...old.attributes])
    if (!node.hasAttribute(name) && !(name === 'open' && old.nodeName === 'DIALOG')) old.removeAttribute(name);
  for (const { name, value } of [...node.attributes])
    if (old.getAttribute(name) !== value) old.setAttribute(name, value);
  if ('disabled' in old) old.disabled = node.hasAttribute('disabled');
  patchChildren(old, node);
}

/** Puts `html` into `el`; `previous` is what was put there last time. Returns what is there now. */
export function renderInto(el, html, previous) {
  if (html === previous) return previous;
  if (VARIANT.render === 'in-place' && previous !== '') {
    const template = document.createElement('template');
    template.innerHTML = html;
    patchChildren(el, template.content);
  } else el.innerHTML = html;
  openNativeDialogs(el);
  return html;
}
