// The live feed: GET /api/v1/events (Server-Sent Events) read with fetch rather than EventSource, because EventSource
// cannot send an Authorization header. It resumes after the last event it saw (Last-Event-ID) when the stream drops.

import { headers } from './api.js';

export class EventFeed {
  /** onEvent(event) for each event; onState('live' | 'reconnecting' | 'unauthorized' | 'forbidden' | 'stopped'). */
  constructor(onEvent, onState) {
    this.onEvent = onEvent;
    this.onState = onState;
    this.lastId = null;
    this.retryMs = 2000;
    this.controller = null;
  }

  start() {
    this.stop();
    this.controller = new AbortController();
    this.run(this.controller.signal);
  }

  stop() {
    this.controller?.abort();
    this.controller = null;
  }

  async run(signal) {
    while (!signal.aborted) {
      try {
        const extra = { Accept: 'text/event-stream' };
        if (this.lastId !== null) extra['Last-Event-ID'] = this.lastId;
        const response = await fetch('/api/v1/events', { headers: headers(extra), signal, cache: 'no-store' });
        if (response.status === 401 || response.status === 403) {
          // 401: the console asks for a key and starts the feed again; 403: these credentials may not read it (scoped)
          this.onState(response.status === 401 ? 'unauthorized' : 'forbidden');
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        this.onState('live');
        await this.read(response.body, signal);
      } catch (error) {
        if (signal.aborted) break;
      }
      this.onState('reconnecting');
      await sleep(this.retryMs, signal);
    }
    this.onState('stopped');
  }

  /** Parses the stream (text/event-stream: fields per line, an empty line ends an event). */
  async read(body, signal) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let event = { id: null, data: [] };
    while (!signal.aborted) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
        if (line === '') {
          this.dispatch(event);
          event = { id: null, data: [] };
          continue;
        }
        const colon = line.indexOf(':');
        if (colon === 0) continue; // a comment: the server's keep-alive
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') event.id = text;
        else if (field === 'data') event.data.push(text);
        else if (field === 'retry' && /^\d+$/.test(text)) this.retryMs = Number(text);
      }
    }
  }

  dispatch(event) {
    if (event.id !== null) this.lastId = event.id;
    if (event.data.length === 0) return;
    try {
      this.onEvent(JSON.parse(event.data.join('\n')));
    } catch {
      // not one of ours: skipped
    }
  }
}

function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}
