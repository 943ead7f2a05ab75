// Builds the page from values without ever parsing them as HTML: text goes in as text nodes, attributes through
// setAttribute, so a task payload or a node name full of markup shows as the characters it is.

/** h('td', {class: 'x', data: {taskId: id}, onclick: f}, 'text', child) → an element. */
export function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'data') Object.assign(node.dataset, value);
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'value') node.value = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/** Appends text (as text), elements and nested lists of them; null and undefined are skipped. */
export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces everything inside node. */
export function fill(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** A link inside the console: #/tasks/{id}, each part encoded. */
export function route(...parts) {
  return '#/' + parts.map(encodeURIComponent).join('/');
}

export function link(text, ...parts) {
  return h('a', { href: route(...parts) }, text);
}

/** 2026-11-24T09:30:00.123Z → 2026-11-24 09:30:00 (UTC, as the API gives it). */
export function time(iso) {
  return iso ? String(iso).replace('T', ' ').replace(/\.\d+Z?$|Z$/, '') : '';
}

/** A status as a badge whose colour the stylesheet picks by its text. */
export function badge(status) {
  return h('span', { class: 'badge', data: { status: String(status ?? '') } }, status ?? '');
}

/** A JSON value, indented, as text. */
export function json(value) {
  return h('pre', { class: 'json' }, value === undefined ? '' : JSON.stringify(value, null, 2));
}

/** A table: headers, then rows (each a <tr> built by the caller); an empty list says so. */
export function table(headers, rows, empty = 'Nothing here.') {
  const body = h('tbody', null, rows);
  if (rows.length === 0) append(body, [h('tr', { class: 'empty' }, h('td', { colspan: headers.length }, empty))]);
  return h('table', null, h('thead', null, h('tr', null, headers.map((name) => h('th', null, name)))), body);
}

/** A definition list of [label, value] pairs; empty values are left out. */
export function fields(pairs) {
  return h('dl', { class: 'fields' },
    pairs.filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([label, value]) => [h('dt', null, label), h('dd', null, value)]));
}
