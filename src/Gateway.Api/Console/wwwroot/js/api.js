// Calls the API as the operator: credentials (when the server asks for them) go in the Authorization header, never in
// a URL, and live in this tab's sessionStorage only. Every failure is an ApiError carrying the problem's code.

const KEY = 'claw.console.credential';
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, code, detail) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.code = code;
  }
}

export const credential = {
  get: () => sessionStorage.getItem(KEY),
  set: (value) => sessionStorage.setItem(KEY, value),
  clear: () => sessionStorage.removeItem(KEY),
};

/** Called with the ApiError whenever the server answers 401: the console asks for a key. */
export function onUnauthenticated(listener) {
  listeners.add(listener);
}

/** The headers every call sends: the credential, and the marker the server wants on a browser's state change. */
export function headers(extra) {
  const all = { Accept: 'application/json', 'X-Claw-Request': '1', ...extra };
  const token = credential.get();
  if (token) all.Authorization = `Bearer ${token}`;
  return all;
}

/** GET (or another method with an optional JSON body) an /api/v1 path; answers the parsed JSON (null for 204). */
export async function api(path, { method = 'GET', body, signal } = {}) {
  const init = { method, signal, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(`/api/v1${path}`, init);
  if (response.status === 204) return null;
  const text = await response.text();
  const parsed = text ? safeParse(text) : null;
  if (!response.ok) {
    const error = new ApiError(response.status, parsed?.code, parsed?.detail ?? parsed?.title);
    if (response.status === 401) listeners.forEach((listener) => listener(error));
    throw error;
  }
  return parsed;
}

/** A query string from the entries that have a value. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const id = encodeURIComponent;

function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 200) };
  }
}
