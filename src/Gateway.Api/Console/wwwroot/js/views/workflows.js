// Workflows: the list, and one workflow's steps with each step's trace (its task's timeline) and the workflow's own
// events from the cluster timeline.

import { api, id as enc, query } from '../api.js';
import { badge, fields, fill, h, link, table, time } from '../dom.js';
import { actionButton, failure, serial } from '../ui.js';
import { timelineTable } from './task.js';

const LIMIT = 200;

export function workflowsView(root) {
  const list = h('div', { id: 'workflow-list' });
  fill(root, h('h2', null, 'Workflows'), list);

  const refresh = serial(async () => {
    try {
      const page = await api('/workflows' + query({ limit: LIMIT, cursor: '' }));
      const items = [...page.items].reverse();
      fill(list, table(['id', 'name', 'status', 'steps', 'created', 'completed'], items.map((w) =>
        h('tr', { data: { workflowId: w.id } },
          h('td', null, link(w.id, 'workflows', w.id)),
          h('td', null, w.name),
          h('td', { data: { field: 'status' } }, badge(w.status)),
          h('td', null, stepCounts(w.steps)),
          h('td', null, time(w.created_at)),
          h('td', null, time(w.completed_at)))), 'No workflow yet.'),
      page.next_cursor ? h('p', { class: 'summary' }, `The oldest ${LIMIT} are shown.`) : null);
    } catch (error) {
      fill(list, failure(error));
    }
  });

  return { refresh, onEvent: (e) => Boolean(e.workflow_id) };
}

export function workflowView(root, workflowId) {
  const body = h('div');
  const trace = h('section', { id: 'step-trace' });
  let traced = null; // the step whose trace is open
  fill(root, h('p', { class: 'crumbs' }, link('Workflows', 'workflows'), ' / ', workflowId), body, trace);

  const refresh = serial(async () => {
    try {
      const [workflow, events] = await Promise.all([
        api(`/workflows/${enc(workflowId)}`),
        api('/swarm/timeline' + query({ workflow_id: workflowId, limit: 100 })),
      ]);
      fill(body, header(workflow, refresh), fields([
        ['description', workflow.description],
        ['error', workflow.error],
        ['created', time(workflow.created_at)],
        ['started', time(workflow.started_at)],
        ['completed', time(workflow.completed_at)],
        ['correlation id', workflow.correlation_id],
      ]),
      h('h3', null, 'Steps'),
      table(['#', 'step', 'status', 'attempt', 'depends on', 'duration', 'error', 'task', ''], workflow.steps.map((step) =>
        h('tr', { data: { step: step.name }, class: traced?.task_id === step.task_id ? 'selected' : null },
          h('td', null, step.order),
          h('td', null, step.name),
          h('td', null, badge(step.status)),
          h('td', null, step.attempt),
          h('td', null, step.depends_on.join(', ')),
          h('td', null, step.duration_ms === null ? '' : `${(step.duration_ms / 1000).toFixed(1)} s`),
          h('td', { class: 'clip', title: step.error ?? '' }, step.error ?? ''),
          h('td', null, link(step.task_id, 'tasks', step.task_id)),
          h('td', null, h('button', { type: 'button', data: { action: 'trace' }, onclick: () => { traced = step; refresh(); } }, 'Trace')))),
      'No steps.'),
      h('h3', null, 'Workflow events (newest first)'),
      table(['at', 'event', 'task', 'detail'], events.items.map((e) =>
        h('tr', { data: { type: e.type } },
          h('td', null, time(e.at)),
          h('td', null, e.type),
          h('td', null, e.task_id ? link(e.task_id, 'tasks', e.task_id) : ''),
          h('td', { class: 'wrap' }, e.detail ?? ''))), 'No events.'));
      if (traced) {
        fill(trace, h('h3', null, 'Trace of step ', traced.name), timelineTable(await api(`/tasks/${enc(traced.task_id)}/timeline`)));
      }
    } catch (error) {
      fill(body, failure(error));
    }
  });

  return { refresh, onEvent: (e) => e.workflow_id === workflowId };
}

function header(workflow, refresh) {
  const path = `/workflows/${enc(workflow.id)}`;
  const start = actionButton('Start', 'start', () => api(`${path}/start`, { method: 'POST' }), refresh);
  const cancel = actionButton('Cancel', 'cancel', () => api(`${path}/cancel`, { method: 'POST', body: {} }), refresh,
    `Cancel workflow ${workflow.id} and its open steps?`);
  start.disabled = workflow.status !== 'pending';
  cancel.disabled = ['completed', 'failed', 'cancelled'].includes(workflow.status);
  return h('div', { class: 'title' },
    h('h2', null, 'Workflow ', h('code', null, workflow.name)),
    badge(workflow.status),
    h('div', { class: 'actions' }, start, cancel));
}

function stepCounts(steps) {
  const done = steps.filter((s) => s.status === 'completed').length;
  return `${done}/${steps.length}`;
}
