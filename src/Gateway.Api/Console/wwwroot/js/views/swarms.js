// Swarms: the cluster's health (swarms, nodes, queues, leases) and each swarm's own, with pause and resume.

import { api, id as enc, query } from '../api.js';
import { badge, fields, fill, h, table } from '../dom.js';
import { actionButton, failure, serial } from '../ui.js';

const LIMIT = 100;

export function swarmsView(root) {
  const overview = h('section', { id: 'cluster-health' });
  const list = h('div', { id: 'swarm-list' });
  fill(root, h('h2', null, 'Swarms'), overview, h('h3', null, 'Swarms'), list);

  const refresh = serial(async () => {
    try {
      const [health, page] = await Promise.all([api('/swarm/health'), api('/swarms' + query({ limit: LIMIT, cursor: '' }))]);
      fill(overview, cluster(health));
      const swarms = await Promise.all(page.items.map(async (swarm) => ({ swarm, health: await api(`/swarms/${enc(swarm.id)}/health`).catch(() => null) })));
      fill(list, table(['id', 'name', 'status', 'health', 'members online', 'leases', 'queued', 'failure rate', 'reasons', ''],
        swarms.map(({ swarm, health: own }) => row(swarm, own, refresh)), 'No swarm yet.'));
    } catch (error) {
      fill(list, failure(error));
    }
  });

  return { refresh, onEvent: (e) => Boolean(e.swarm_id) || e.type.startsWith('node.') };
}

function cluster(health) {
  const counts = (map) => Object.entries(map).map(([name, n]) => `${n} ${name}`).join(', ') || 'none';
  return h('div', null,
    h('div', { class: 'title' }, h('h3', null, 'Cluster health'), badge(health.status)),
    fields([
      ['reasons', health.reasons.join('; ')],
      ['swarms', counts(health.swarms.by_status)],
      ['nodes', counts(health.nodes)],
      ['leases', `${health.leases.active} active, ${health.leases.overdue} overdue`],
    ]),
    table(['queue', 'pending', 'due now', 'leased', 'oldest due'], health.queues.map((q) =>
      h('tr', { data: { queue: q.queue } },
        h('td', null, h('a', { href: `#/tasks${query({ queue: q.queue })}` }, q.queue)),
        h('td', null, q.pending),
        h('td', null, q.due),
        h('td', null, q.leased),
        h('td', null, `${Math.round(q.oldest_due_seconds)} s`))), 'No queue holds work.'));
}

function row(swarm, health, refresh) {
  const path = `/swarms/${enc(swarm.id)}`;
  const paused = swarm.status === 'paused';
  const action = paused
    ? actionButton('Resume', 'resume', () => api(`${path}/resume`, { method: 'POST' }), refresh)
    : actionButton('Pause', 'pause', () => api(`${path}/pause`, { method: 'POST' }), refresh,
      `Pause swarm ${swarm.name}? Its tasks wait until it resumes.`);
  action.disabled = !['running', 'paused'].includes(swarm.status);
  return h('tr', { data: { swarmId: swarm.id } },
    h('td', null, h('a', { href: `#/tasks${query({ swarm_id: swarm.id })}` }, swarm.id)),
    h('td', null, swarm.name),
    h('td', { data: { field: 'status' } }, badge(swarm.status)),
    h('td', null, health ? badge(health.status) : ''),
    h('td', null, health ? `${health.members_online.length}/${health.members_total}` : ''),
    h('td', null, health?.active_leases ?? ''),
    h('td', null, health?.queue_depth ?? ''),
    h('td', null, health ? `${Math.round(health.failure_rate * 100)}%` : ''),
    h('td', { class: 'wrap' }, health?.reasons.join('; ') ?? ''),
    h('td', null, action));
}
