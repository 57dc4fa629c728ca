// The Chorus HTTP API as the UI uses it: JSON GETs, the answer POST, and Server-Sent Events read
// from fetch() bodies (so that the Authorization header is sent on streams too, which
// EventSource cannot do).
//
// Errors: every failure is thrown as an ApiError with the HTTP status (0 for network errors) and
// the server's message (the OpenAI-format {"error":{"message"}} body when there is one).

const KEY_STORAGE = 'chorus.apiKey';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// Called with no arguments whenever the server answers 401 (the page then asks for a key).
let onUnauthorized = () => {};

export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

function headers(extra = {}) {
  const h = { ...extra };
  const key = sessionStorage.getItem(KEY_STORAGE);
  if (key) h.Authorization = `Bearer ${key}`;
  return h;
}

async function errorFrom(response) {
  let message = `HTTP ${response.status}`;
  try {
    const body = await response.json();
    if (body && body.error && body.error.message) message = body.error.message;
  } catch {
    // Not JSON: keep the status line.
  }
  if (response.status === 401) onUnauthorized();
  return new ApiError(response.status, message);
}

async function send(path, init) {
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, e.message || 'network error');
  }
  if (!response.ok) throw await errorFrom(response);
  return response;
}

// GET `path` with `params` (empty values left out); resolves to the parsed JSON body.
export async function getJson(path, params = {}, signal = undefined) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v != null) qs.set(k, String(v));
  const url = qs.toString() ? `${path}?${qs}` : path;
  const response = await send(url, { headers: headers({ Accept: 'application/json' }), signal });
  return response.json();
}

export function getPost(id, signal) {
  return getJson(`/api/posts/${encodeURIComponent(id)}`, {}, signal);
}

// Opens a GET event stream; resolves to the Response whose events sseEvents() reads.
export function openStream(path, params, signal) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) qs.set(k, v);
  const url = qs.toString() ? `${path}?${qs}` : path;
  return send(url, { headers: headers({ Accept: 'text/event-stream' }), signal });
}

// POST /api/ask with `body` ({question} or {post_id}, mode, stream). Resolves to the Response:
// text/event-stream when the server streams, else application/json.
export function postAsk(body, signal) {
  return send('/api/ask', {
    method: 'POST',
    headers: headers({ 'Content-Type': 'application/json', Accept: 'text/event-stream, application/json' }),
    body: JSON.stringify(body),
    signal,
  });
}

// One SSE block ("event: x\ndata: ...\n") as {event, data, id}; null for comments/keep-alives.
export function parseSseBlock(block) {
  let event = 'message';
  let id = '';
  const data = [];
  for (const line of block.split(/\r\n|\r|\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  }
  return data.length ? { event, data: data.join('\n'), id } : null;
}

// Yields the events of an SSE response body as they arrive.
export async function* sseEvents(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    for (let m = /\r?\n\r?\n/.exec(buffer); m; m = /\r?\n\r?\n/.exec(buffer)) {
      const event = parseSseBlock(buffer.slice(0, m.index));
      buffer = buffer.slice(m.index + m[0].length);
      if (event) yield event;
    }
  }
  buffer += decoder.decode();
  const last = parseSseBlock(buffer);
  if (last) yield last;
}

// The text carried by one `token` event: {"text": "..."} as proposed in docs/ui.md, also
// {"token"}/{"delta"}/{"content"}, a JSON string, or raw data.
export function tokenText(data) {
  try {
    const v = JSON.parse(data);
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object') {
      for (const k of ['text', 'token', 'delta', 'content']) if (typeof v[k] === 'string') return v[k];
    }
  } catch {
    // Raw text.
  }
  return data;
}
