// Tasks: filter by status and queue (and node or workflow, from links), find one by id; newest first, a page at a time.

import { api, query } from '../api.js';
import { badge, fill, h, link, route, table, time } from '../dom.js';
import { failure, serial } from '../ui.js';

const PAGE = 50;
const STATUSES = ['pending', 'assigned', 'in_progress', 'waiting', 'waiting_input', 'completed', 'failed', 'cancelled'];
const FILTERS = ['status', 'queue', 'node_id', 'workflow_id', 'swarm_id'];

export function tasksView(root, params) {
  const filter = Object.fromEntries(FILTERS.map((name) => [name, params[name]]));
  let page = 0;

  const status = h('select', { name: 'status', 'aria-label': 'status' },
    h('option', { value: '' }, 'any status'),
    STATUSES.map((s) => h('option', { value: s, selected: s === filter.status }, s)));
  const queue = h('input', { name: 'queue', placeholder: 'queue', value: filter.queue ?? '', 'aria-label': 'queue' });
  const filters = h('form', { class: 'bar', onsubmit: (e) => { e.preventDefault(); apply(); } },
    status, queue, h('button', { type: 'submit' }, 'Filter'),
    filter.node_id ? h('span', { class: 'chip' }, 'node ', filter.node_id) : null,
    filter.workflow_id ? h('span', { class: 'chip' }, 'workflow ', filter.workflow_id) : null,
    filter.swarm_id ? h('span', { class: 'chip' }, 'swarm ', filter.swarm_id) : null);
  status.addEventListener('change', apply);

  const id = h('input', { name: 'task-id', placeholder: 'task id', 'aria-label': 'task id', required: true });
  const search = h('form', { class: 'bar', onsubmit: (e) => { e.preventDefault(); location.hash = route('tasks', id.value.trim()); } },
    id, h('button', { type: 'submit' }, 'Open'));

  const summary = h('p', { class: 'summary' });
  const list = h('div', { id: 'task-list' });
  const newer = h('button', { type: 'button', onclick: () => { page -= 1; refresh(); } }, '‹ Newer');
  const older = h('button', { type: 'button', onclick: () => { page += 1; refresh(); } }, 'Older ›');
  fill(root, h('h2', null, 'Tasks'), h('div', { class: 'toolbar' }, filters, search), summary, list, h('div', { class: 'bar' }, newer, older));

  function apply() {
    location.hash = '#/tasks' + query({ ...filter, status: status.value, queue: queue.value.trim() });
  }

  const refresh = serial(async () => {
    try {
      // The list is oldest first; its total says where the newest page starts.
      const { total } = await api('/tasks' + query({ ...filter, limit: 1 }));
      const end = Math.max(0, total - page * PAGE);
      const start = Math.max(0, end - PAGE);
      const items = end > start ? (await api('/tasks' + query({ ...filter, skip: start, limit: end - start }))).items.reverse() : [];
      summary.textContent = total === 0 ? 'No task matches.' : `${start + 1}–${end} of ${total}, newest first`;
      newer.disabled = page === 0;
      older.disabled = start === 0;
      fill(list, table(['id', 'status', 'queue', 'type', 'attempt', 'node', 'updated', 'error'], items.map(row)));
    } catch (error) {
      fill(list, failure(error));
    }
  });

  return { refresh, onEvent: (e) => Boolean(e.task_id) };
}

function row(task) {
  return h('tr', { data: { taskId: task.id } },
    h('td', null, link(task.id, 'tasks', task.id)),
    h('td', { data: { field: 'status' } }, badge(task.status)),
    h('td', null, task.queue),
    h('td', null, task.type ?? ''),
    h('td', null, `${task.attempt}/${task.max_retries + 1}`),
    h('td', null, task.node_id ? link(task.node_id, 'nodes') : ''),
    h('td', null, time(task.updated_at)),
    h('td', { class: 'clip', title: task.error ?? '' }, task.error ?? ''));
}
