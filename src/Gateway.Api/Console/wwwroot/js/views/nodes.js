// Nodes: status, slots in use, what they can run; drain one (it finishes its leases and takes no new ones) or bring it
// back to work.

import { api, id as enc, query } from '../api.js';
import { badge, fill, h, table, time } from '../dom.js';
import { actionButton, failure, serial } from '../ui.js';

const LIMIT = 500;

export function nodesView(root) {
  const summary = h('p', { class: 'summary' });
  const list = h('div', { id: 'node-list' });
  fill(root, h('h2', null, 'Nodes'), summary, list);

  const refresh = serial(async () => {
    try {
      const page = await api('/nodes' + query({ limit: LIMIT, cursor: '' }));
      const nodes = page.items;
      const counts = Object.entries(Object.groupBy(nodes, (n) => n.status)).map(([status, group]) => `${group.length} ${status}`);
      summary.textContent = `${nodes.length}${page.next_cursor ? '+' : ''} nodes${counts.length ? ': ' + counts.join(', ') : ''}`;
      fill(list, table(['id', 'name', 'status', 'slots', 'capabilities', 'swarm', 'last seen', 'done / failed', ''],
        nodes.map((node) => row(node, refresh)), 'No node has registered.'));
    } catch (error) {
      fill(list, failure(error));
    }
  });

  return { refresh, onEvent: (e) => Boolean(e.node_id) };
}

function row(node, refresh) {
  const path = `/nodes/${enc(node.id)}`;
  const action = node.status === 'draining'
    ? actionButton('Undrain', 'undrain', () => api(`${path}/available`, { method: 'POST' }), refresh)
    : actionButton('Drain', 'drain', () => api(`${path}/drain`, { method: 'POST' }), refresh,
      `Drain node ${node.id}? It finishes its leases and takes no new work.`);
  action.disabled = node.status === 'offline';
  return h('tr', { data: { nodeId: node.id } },
    h('td', { title: 'its tasks' }, h('a', { href: `#/tasks${query({ node_id: node.id })}` }, node.id)),
    h('td', null, node.name),
    h('td', { data: { field: 'status' } }, badge(node.status)),
    h('td', null, h('meter', { min: 0, max: node.max_concurrent_tasks, value: node.active_leases }), ` ${node.active_leases}/${node.max_concurrent_tasks}`),
    h('td', { class: 'clip' }, node.capabilities.join(', ')),
    h('td', null, node.swarm_id ?? ''),
    h('td', null, time(node.last_seen)),
    h('td', null, `${node.completed_count} / ${node.failed_count}`),
    h('td', null, action));
}
