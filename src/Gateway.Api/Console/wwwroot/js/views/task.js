// One task: its fields, payload and result, its timeline, and the operator's retry and cancel.

import { api, id as enc } from '../api.js';
import { badge, fields, fill, h, json, link, table, time } from '../dom.js';
import { actionButton, failure, serial } from '../ui.js';

const ENDED = ['completed', 'failed', 'cancelled'];

export function taskView(root, taskId) {
  const body = h('div');
  fill(root, h('p', { class: 'crumbs' }, link('Tasks', 'tasks'), ' / ', taskId), body);

  const refresh = serial(async () => {
    try {
      const [task, timeline] = await Promise.all([api(`/tasks/${enc(taskId)}`), api(`/tasks/${enc(taskId)}/timeline`)]);
      fill(body, header(task, refresh), details(task), h('h3', null, 'Timeline'), timelineTable(timeline),
        h('div', { class: 'columns' },
          h('section', null, h('h3', null, 'Payload'), json(task.payload)),
          h('section', null, h('h3', null, 'Result'), json(task.result))));
    } catch (error) {
      fill(body, failure(error));
    }
  });

  return { refresh, onEvent: (e) => e.task_id === taskId };
}

function header(task, refresh) {
  const path = `/tasks/${enc(task.id)}`;
  const retry = actionButton('Retry', 'retry', () => api(`${path}/retry`, { method: 'POST', body: {} }), refresh);
  const cancel = actionButton('Cancel', 'cancel', () => api(`${path}/cancel`, { method: 'POST', body: {} }), refresh,
    `Cancel task ${task.id}?`);
  retry.disabled = !['failed', 'cancelled'].includes(task.status);
  cancel.disabled = ENDED.includes(task.status);
  return h('div', { class: 'title' },
    h('h2', null, 'Task ', h('code', null, task.id)),
    h('span', { id: 'task-status' }, badge(task.status)),
    h('div', { class: 'actions' }, retry, cancel));
}

function details(task) {
  return fields([
    ['queue', task.queue],
    ['type', task.type],
    ['priority', task.priority],
    ['attempt', `${task.attempt} of ${task.max_retries + 1}`],
    ['node', task.node_id ? link(task.node_id, 'nodes') : null],
    ['lease', task.lease_id],
    ['workflow', task.workflow_id ? link(task.workflow_id, 'workflows', task.workflow_id) : null],
    ['swarm', task.swarm_id],
    ['error', task.error],
    ['progress', task.progress ? `${task.progress.percent}% ${task.progress.message ?? ''}` : null],
    ['created', time(task.created_at)],
    ['updated', time(task.updated_at)],
    ['available at', task.status === 'pending' ? time(task.available_at) : null],
    ['correlation id', task.correlation_id],
  ]);
}

/** The task's events, oldest first, as the API gives them (also a workflow step's trace). */
export function timelineTable(events) {
  return h('div', { class: 'timeline' }, table(['at', 'event', 'attempt', 'node', 'failure', 'by', 'detail'], events.map((e) =>
    h('tr', { data: { type: e.type } },
      h('td', null, time(e.at)),
      h('td', null, e.type),
      h('td', null, e.attempt),
      h('td', null, e.node_id ?? ''),
      h('td', null, [e.category, e.error_code].filter(Boolean).join(' · ')),
      h('td', null, e.by ?? ''),
      h('td', { class: 'wrap' }, e.detail ?? ''))), 'No events yet.'));
}
