// Shared behaviour of the views: the notice line, buttons that call the API, and the filters kept in the address.

import { h } from './dom.js';

/** Shows one line at the top (an error stays until the next notice; other notices fade after a few seconds). */
export function notify(message, kind = 'info') {
  const notice = document.getElementById('notice');
  notice.textContent = message;
  notice.dataset.kind = kind;
  clearTimeout(notify.timer);
  if (kind !== 'error') notify.timer = setTimeout(() => { notice.textContent = ''; }, 4000);
}

/** A button that runs an API call once at a time, reports its failure, then calls done (the view's refresh). */
export function actionButton(label, name, run, done, confirmText) {
  const button = h('button', { type: 'button', data: { action: name } }, label);
  button.addEventListener('click', async () => {
    if (confirmText && !window.confirm(confirmText)) return;
    button.disabled = true;
    try {
      await run();
      notify(`${label}: done`);
    } catch (error) {
      notify(`${label} failed: ${error.message}${error.code ? ` (${error.code})` : ''}`, 'error');
    } finally {
      button.disabled = false;
      await done();
    }
  });
  return button;
}

/**
 * A view's refresh, one at a time: a call while one runs asks for one more run after it, so an older answer never
 * lands on screen after a newer one (events and buttons both refresh).
 */
export function serial(load) {
  let running = null;
  let again = false;
  const run = async () => {
    if (running) {
      again = true;
      return running;
    }
    running = load().finally(() => {
      running = null;
      if (again) {
        again = false;
        run();
      }
    });
    return running;
  };
  return run;
}

/** The error of a failed load, in place of the view's content. */
export function failure(error) {
  return h('p', { class: 'error' }, `Could not load: ${error.message}${error.code ? ` (${error.code})` : ''}`);
}

/** '#/tasks?status=failed' → { path: ['tasks'], params: { status: 'failed' } }. */
export function parseHash(hash) {
  const [path, search] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decode);
  return { path: parts, params: Object.fromEntries(new URLSearchParams(search ?? '')) };
}

function decode(part) {
  try {
    return decodeURIComponent(part);
  } catch {
    return part; // a hand-typed address with a stray %
  }
}
