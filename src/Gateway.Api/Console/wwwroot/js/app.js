// The console's shell: which view the address names, the operator's credentials, and the live feed that refreshes
// whatever is on screen when an event concerns it.

import { ApiError, api, credential, onUnauthenticated } from './api.js';
import { fill, h, link, time } from './dom.js';
import { EventFeed } from './events.js';
import { notify, parseHash } from './ui.js';
import { nodesView } from './views/nodes.js';
import { swarmsView } from './views/swarms.js';
import { taskView } from './views/task.js';
import { tasksView } from './views/tasks.js';
import { workflowView, workflowsView } from './views/workflows.js';

const MAX_LIVE = 30;
const view = document.getElementById('view');
const live = document.getElementById('live');
const liveList = document.getElementById('live-events');
const who = document.getElementById('who');
const login = document.getElementById('login');
const keyInput = document.getElementById('key');
let current = null;
let pending = null;

const feed = new EventFeed(onEvent, (state) => {
  live.dataset.state = state;
  live.textContent = state;
  if (state === 'unauthorized') askForKey();
});

function choose({ path, params }) {
  const [section, id] = path;
  switch (section) {
    case 'tasks': return id ? taskView(view, id) : tasksView(view, params);
    case 'nodes': return nodesView(view);
    case 'workflows': return id ? workflowView(view, id) : workflowsView(view);
    case 'swarms': return swarmsView(view);
    default: return tasksView(view, params);
  }
}

function show() {
  const place = parseHash(location.hash);
  document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('current', a.dataset.view === (place.path[0] ?? 'tasks')));
  clearTimeout(pending);
  pending = null;
  current = choose(place);
  current.refresh();
}

/** An event refreshes the view it concerns, at most about twice a second however many arrive. */
function onEvent(event) {
  showLive(event);
  if (current?.onEvent(event) && pending === null) {
    const shown = current;
    pending = setTimeout(() => { pending = null; if (shown === current) shown.refresh(); }, 400);
  }
}

function showLive(event) {
  liveList.prepend(h('li', { data: { type: event.type } },
    h('time', null, time(event.at).slice(11)), ' ', event.type, ' ',
    event.task_id ? link(event.task_id, 'tasks', event.task_id) : event.node_id ?? event.workflow_id ?? event.swarm_id ?? ''));
  while (liveList.children.length > MAX_LIVE) liveList.lastChild.remove();
}

/** The stream starts from now; the list starts with the latest events of the cluster timeline. */
async function start() {
  feed.start();
  show();
  try {
    const recent = await api(`/swarm/timeline?limit=${MAX_LIVE}`);
    if (liveList.children.length === 0) recent.items.reverse().forEach(showLive);
  } catch {
    // the list fills from the stream
  }
}

async function whoAmI() {
  try {
    const me = await api('/auth/me');
    fill(who, me.kind === 'anonymous' ? 'no authentication' : `${me.principal} (${me.role})`);
    document.getElementById('forget').hidden = !credential.get();
    return true;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) notify(`The server did not answer: ${error.message}`, 'error');
    return false;
  }
}

function askForKey() {
  if (!login.open) login.showModal();
  keyInput.focus();
}

onUnauthenticated(askForKey);

document.getElementById('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  credential.set(keyInput.value.trim());
  keyInput.value = '';
  if (await whoAmI()) {
    login.close();
    start();
  } else {
    credential.clear();
    document.getElementById('login-error').textContent = 'The server refused this key.';
  }
});

document.getElementById('forget').addEventListener('click', () => {
  credential.clear();
  feed.stop();
  location.reload();
});

window.addEventListener('hashchange', show);
if (await whoAmI()) start();
