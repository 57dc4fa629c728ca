// Chorus web UI: the live feed (GET /api/stream, SSE), trending terms (GET /api/trending), the
// ask box with streamed answers (POST /api/ask), citation chips that open the cited post
// (GET /api/posts/{id}) in a dialog, the audit trail, "Is this true?" (mode check) on every post
// and the verdict view. API shapes: docs/server.md, docs/answers.md; SSE events: docs/ui.md.
// No framework and no build step; everything is served by the chorus binary.

import { ApiError, getJson, getPost, openStream, postAsk, setApiKey, setUnauthorizedHandler, sseEvents, tokenText } from './api.js';
import { setUiLanguage, t } from './i18n.js';
import { AnswerView, citedText, el, postCard, refreshTimes } from './render.js';

const FEED_MAX = 100;  // posts kept in the feed list
const FEED_BACKLOG = 30;  // posts loaded through /api/search when the feed (re)starts
const TRENDING_EVERY_MS = 15000;
const $ = (id) => document.getElementById(id);

const postHandlers = { onCheck: (p) => check(p), onExplain: (p) => explain(p) };

// ---- live feed ------------------------------------------------------------------------------

const feed = {
  controller: null,
  paused: false,
  held: [],  // posts that arrived while paused, newest last
  seen: new Set(),
  retryMs: 1000,
};

function setConn(state) {
  const node = $('conn');
  node.dataset.state = state;
  node.textContent = t(`conn_${state}`);
}

function addPosts(posts, newestFirst) {
  const list = $('feed');
  const fresh = posts.filter((p) => p && p.id && !feed.seen.has(p.id));
  for (const p of fresh) feed.seen.add(p.id);
  const nodes = fresh.map((p) => postCard(p, postHandlers));
  if (newestFirst) list.append(...nodes);
  else list.prepend(...nodes.reverse());
  while (list.children.length > FEED_MAX) {
    feed.seen.delete(list.lastElementChild.dataset.postId);
    list.lastElementChild.remove();
  }
  $('feed-empty').hidden = list.children.length > 0;
}

function onStreamPost(post) {
  if (feed.paused) {
    feed.held.push(post);
    $('feed-pause').textContent = t('resume', { n: feed.held.length });
  } else {
    addPosts([post], false);
  }
}

async function runStream(filter, signal) {
  while (!signal.aborted) {
    try {
      const response = await openStream('/api/stream', filter, signal);
      setConn(feed.paused ? 'paused' : 'live');
      feed.retryMs = 1000;
      for await (const ev of sseEvents(response)) {
        if (ev.event !== 'post' && ev.event !== 'message') continue;
        try {
          onStreamPost(JSON.parse(ev.data));
        } catch {
          // A malformed event is skipped; the stream goes on.
        }
      }
    } catch (e) {
      if (signal.aborted) return;
      if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 429) {
        setConn('retry');
        return;
      }
    }
    if (signal.aborted) return;
    setConn('retry');
    await new Promise((r) => setTimeout(r, feed.retryMs));
    feed.retryMs = Math.min(feed.retryMs * 2, 15000);
  }
}

// Restarts the feed with the filter form's values: recent matching posts, then the live stream.
async function startFeed() {
  if (feed.controller) feed.controller.abort();
  const controller = new AbortController();
  feed.controller = controller;
  feed.seen.clear();
  feed.held = [];
  $('feed').replaceChildren();
  $('feed-empty').hidden = false;
  setConn('connecting');
  const filter = { q: $('feed-q').value.trim(), lang: $('feed-lang').value };
  const streaming = runStream(filter, controller.signal);
  try {
    const r = await getJson('/api/search', { ...filter, order: 'newest', limit: FEED_BACKLOG }, controller.signal);
    if (!controller.signal.aborted) addPosts(r.hits || [], true);
  } catch {
    // The backlog is optional (an empty query may be refused); the live stream still runs.
  }
  await streaming;
}

function togglePause() {
  feed.paused = !feed.paused;
  const button = $('feed-pause');
  button.setAttribute('aria-pressed', String(feed.paused));
  if (feed.paused) {
    button.textContent = t('resume', { n: 0 });
    setConn('paused');
  } else {
    addPosts(feed.held, false);
    feed.held = [];
    button.textContent = t('pause');
    setConn('live');
  }
}

// ---- trending -------------------------------------------------------------------------------

async function loadTrending() {
  const span = document.querySelector('input[name="window"]:checked').value;
  let items = [];
  try {
    items = (await getJson('/api/trending', { window: span, n: 10 })).trending || [];
  } catch {
    return;  // keep what is shown; the next refresh tries again
  }
  $('trending').replaceChildren(
    ...items.map((item) =>
      el(
        'li',
        { dataset: { term: item.term } },
        el(
          'button',
          { type: 'button', class: 'trend', on: { click: () => askAbout(item.term) } },
          el('bdi', { class: 'term', dir: 'auto' }, item.term),
          el('span', { class: 'count small muted' }, t('posts_count', { n: item.count })),
        ),
      ),
    ),
  );
  $('trending-empty').hidden = items.length > 0;
  loadStories(span);
}

// Summaries of trending bursts that passed the citation check; a story without a checked
// summary is not shown (no headline without sources).
let storiesShown = '';

async function loadStories(span) {
  let stories = [];
  try {
    stories = ((await getJson('/api/stories', { window: span, n: 5 })).stories || []).filter(
      (s) => s.summary && (s.citations || []).length > 0,
    );
  } catch {
    return;
  }
  // Unchanged stories are left in place (no flicker, and a chip being clicked stays attached).
  const signature = JSON.stringify(stories.map((s) => [s.term, s.summary]));
  if (signature === storiesShown) return;
  storiesShown = signature;
  $('stories').replaceChildren(
    ...stories.map((s) => {
      const citations = new Map(s.citations.map((c) => [c.n, c]));
      return el(
        'li',
        { class: 'story', dataset: { term: s.term } },
        el('bdi', { class: 'term', dir: 'auto' }, s.term),
        el('p', { class: 'story-summary', dir: 'auto' }, ...citedText(s.summary, citations, openPost)),
      );
    }),
  );
  $('stories-title').hidden = stories.length === 0;
}

function askAbout(term) {
  const input = $('ask-input');
  input.value = t('trending_question', { term });
  ask({ question: input.value, mode: 'ask' }, input.value);
}

// ---- answers --------------------------------------------------------------------------------

let askController = null;

// Sends one /api/ask request and renders it: `body` is {question} or {post_id} with a mode.
async function ask(body, subject) {
  if (askController) askController.abort();
  const controller = new AbortController();
  askController = controller;
  const container = $('answer');
  const view = new AnswerView(container, body.mode, subject, openPost);
  $('ask-submit').disabled = true;
  let final = null;
  try {
    const response = await postAsk({ ...body, stream: true }, controller.signal);
    if ((response.headers.get('Content-Type') || '').includes('text/event-stream')) {
      for await (const ev of sseEvents(response)) {
        if (ev.event === 'token') view.appendText(tokenText(ev.data));
        else if (ev.event === 'answer') final = JSON.parse(ev.data);
        else if (ev.event === 'error') throw new ApiError(500, errorText(ev.data));
      }
    } else {
      final = await response.json();
    }
    if (!final) throw new ApiError(0, t('no_answer'));
    view.finish(final);
  } catch (e) {
    if (e.name !== 'AbortError') view.fail(e.message);
  } finally {
    if (askController === controller) {
      askController = null;
      $('ask-submit').disabled = false;
    }
  }
}

function errorText(data) {
  try {
    const v = JSON.parse(data);
    return (v.error && v.error.message) || v.message || data;
  } catch {
    return data;
  }
}

function check(post) {
  if ($('post-dialog').open) $('post-dialog').close();
  ask({ question: post.id, post_id: post.id, mode: 'check' }, snippetOf(post));
  $('answer').scrollIntoView({ behavior: 'smooth', block: 'start' });
  $('answer').focus({ preventScroll: true });
}

function explain(post) {
  if ($('post-dialog').open) $('post-dialog').close();
  ask({ question: post.id, post_id: post.id, mode: 'explain' }, snippetOf(post));
  $('answer').focus({ preventScroll: true });
}

function snippetOf(post) {
  const text = post.text || post.id;
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

// ---- the post dialog ------------------------------------------------------------------------

let dialogOpener = null;

async function openPost(id, opener) {
  const dialog = $('post-dialog');
  const body = $('post-dialog-body');
  dialogOpener = opener || document.activeElement;
  body.replaceChildren(el('p', { class: 'muted' }, t('loading')));
  dialog.dataset.postId = id;
  if (!dialog.open) dialog.showModal();
  try {
    const post = await getPost(id);
    if (dialog.dataset.postId === id) body.replaceChildren(postCard(post, postHandlers, 'div'));
  } catch (e) {
    body.replaceChildren(el('p', { class: 'error' }, t('post_missing', { message: e.message })));
  }
}

function closeDialog() {
  $('post-dialog').close();
}

// ---- setup ----------------------------------------------------------------------------------

function initLanguage() {
  const saved = localStorage.getItem('chorus.uiLang');
  const lang = saved || ((navigator.language || '').startsWith('ar') ? 'ar' : 'en');
  $('ui-lang').value = lang;
  setUiLanguage(lang);
  $('ui-lang').addEventListener('change', (e) => {
    localStorage.setItem('chorus.uiLang', e.target.value);
    setUiLanguage(e.target.value);
    setConn($('conn').dataset.state);
    $('feed-pause').textContent = feed.paused ? t('resume', { n: feed.held.length }) : t('pause');
    refreshTimes();
  });
}

function initAuth() {
  setUnauthorizedHandler(() => {
    $('auth-bar').hidden = false;
  });
  $('auth-form').addEventListener('submit', (e) => {
    e.preventDefault();
    setApiKey($('auth-key').value.trim());
    $('auth-bar').hidden = true;
    startFeed();
    loadTrending();
  });
}

function init() {
  initLanguage();
  initAuth();
  $('ask-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const question = $('ask-input').value.trim();
    if (question) ask({ question, mode: 'ask' }, question);
  });
  $('feed-form').addEventListener('submit', (e) => {
    e.preventDefault();
    startFeed();
  });
  $('feed-pause').addEventListener('click', togglePause);
  for (const r of document.querySelectorAll('input[name="window"]')) r.addEventListener('change', loadTrending);
  $('post-dialog-close').addEventListener('click', closeDialog);
  $('post-dialog').addEventListener('close', () => {
    if (dialogOpener && dialogOpener.isConnected) dialogOpener.focus();
    dialogOpener = null;
  });
  // A click on the backdrop (outside the dialog's box) closes it.
  $('post-dialog').addEventListener('click', (e) => {
    if (e.target === e.currentTarget) closeDialog();
  });
  startFeed();
  loadTrending();
  setInterval(loadTrending, TRENDING_EVERY_MS);
  setInterval(() => refreshTimes(), 30000);
  document.body.dataset.ready = 'true';
}

init();
