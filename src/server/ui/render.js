// DOM builders for posts, answers, citations, verdicts and the audit trail.
//
// Contract: text that comes from posts, answers or the server is only ever placed with text
// nodes (el() turns strings into text nodes; no string is ever parsed as markup), so post content is
// never parsed as HTML. Each block of user-written text carries lang and dir (rtl for Arabic,
// else auto) so that right-to-left posts and answers lay out correctly inside either page
// direction.

import { formatNumber, relativeTime, t, textDir } from './i18n.js';

// el('p', {class: 'x', dir: 'auto', dataset: {postId: id}, on: {click: fn}}, 'text', node, ...)
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k === 'on') for (const [type, fn] of Object.entries(v)) node.addEventListener(type, fn);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

// An element whose text is the interface string `key`, re-translated when the language changes
// (setUiLanguage updates every [data-i18n] node).
function label(tag, props, key) {
  return el(tag, { ...props, dataset: { ...(props.dataset || {}), i18n: key } }, t(key));
}

function append(node, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

function toMs(v) {
  if (typeof v === 'number') return v;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? 0 : ms;
}

export function timeNode(value) {
  const ms = toMs(value);
  if (!ms) return null;
  const iso = new Date(ms).toISOString();
  return el('time', { datetime: iso, title: iso, dataset: { ms: String(ms) } }, relativeTime(ms));
}

// Re-renders every relative time under `root` (call periodically and on language change).
export function refreshTimes(root = document) {
  for (const node of root.querySelectorAll('time[data-ms]')) node.textContent = relativeTime(Number(node.dataset.ms));
}

function authorLine(author = {}, createdAt) {
  const handle = author.handle ? `@${author.handle}` : '';
  return el(
    'div',
    { class: 'post-head' },
    el('span', { class: 'author', dir: 'auto' }, author.display_name || handle || author.id || '?'),
    handle ? el('span', { class: 'handle', dir: 'ltr' }, handle) : null,
    author.verified ? label('span', { class: 'badge verified' }, 'verified') : null,
    timeNode(createdAt),
  );
}

// Handlers: {onCheck(post), onExplain(post)}; either may be absent (no button then).
export function postCard(post, handlers = {}, tag = 'li') {
  const m = post.metrics || {};
  const actions = el('div', { class: 'post-actions' });
  if (handlers.onCheck)
    actions.append(label('button', { type: 'button', class: 'check-btn', on: { click: () => handlers.onCheck(post) } }, 'check'));
  if (handlers.onExplain)
    actions.append(label('button', { type: 'button', class: 'secondary explain-btn', on: { click: () => handlers.onExplain(post) } }, 'explain'));
  return el(
    tag,
    { class: 'post', dataset: { postId: post.id } },
    el(
      'article',
      { 'aria-label': post.author && post.author.handle ? `@${post.author.handle}` : post.id },
      authorLine(post.author, post.created_at),
      post.reply_to ? el('p', { class: 'muted small' }, t('reply_to', { id: post.reply_to })) : null,
      el('p', { class: 'post-text', lang: post.lang || undefined, dir: textDir(post.lang) }, post.text || ''),
      el(
        'div',
        { class: 'post-foot' },
        el(
          'span',
          { class: 'metrics muted small' },
          `${formatNumber(m.likes)} ${t('likes')} · ${formatNumber(m.reposts)} ${t('reposts')} · ${formatNumber(m.replies)} ${t('replies')}`,
        ),
        actions,
      ),
    ),
  );
}

// Splits answer text into text nodes and citation chips for its [n] and [n, m] markers.
// `citations` maps n to the citation (null while streaming: chips are then inert).
export function citedText(text, citations, onOpen) {
  const nodes = [];
  const re = /\[(\d+(?:\s*,\s*\d+)*)\]/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) nodes.push(document.createTextNode(text.slice(last, m.index)));
    for (const n of m[1].split(',').map((s) => Number(s.trim()))) nodes.push(citeChip(n, citations && citations.get(n), onOpen));
    last = re.lastIndex;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

function citeChip(n, citation, onOpen) {
  if (!citation) return el('span', { class: 'cite pending', dir: 'ltr' }, String(n));
  const author = citation.author ? `@${citation.author}` : citation.post_id;
  return el(
    'button',
    {
      type: 'button',
      class: 'cite',
      dir: 'ltr',
      'aria-label': t('cite_label', { n, author }),
      title: t('cite_label', { n, author }),
      dataset: { n: String(n), postId: citation.post_id },
      on: { click: (e) => onOpen(citation.post_id, e.currentTarget) },
    },
    String(n),
  );
}

// A button that opens the post `id` (used in the audit trail and verdict lists).
function postRef(id, onOpen) {
  return el('button', { type: 'button', class: 'link post-ref', dir: 'ltr', dataset: { postId: id }, on: { click: (e) => onOpen(id, e.currentTarget) } }, id);
}

function sourcesList(citations, onOpen) {
  if (!citations.length) return label('p', { class: 'muted' }, 'no_sources');
  return el(
    'ol',
    { class: 'citations' },
    citations.map((c) =>
      el(
        'li',
        { class: 'citation', dataset: { n: String(c.n), postId: c.post_id } },
        citeChip(c.n, c, onOpen),
        el(
          'div',
          { class: 'citation-body' },
          el('div', { class: 'post-head' }, el('span', { class: 'handle', dir: 'ltr' }, c.author ? `@${c.author}` : c.post_id), timeNode(c.created_at)),
          el('p', { class: 'snippet', dir: 'auto' }, c.snippet || ''),
          c.url ? el('a', { href: c.url, rel: 'noopener noreferrer nofollow', target: '_blank', dir: 'ltr', class: 'small' }, c.url) : null,
        ),
      ),
    ),
  );
}

function postIdList(ids, onOpen) {
  if (!ids || !ids.length) return label('p', { class: 'muted small' }, 'none');
  return el('ul', { class: 'id-list' }, ids.map((id) => el('li', {}, postRef(id, onOpen))));
}

export function verdictView(verdict, onOpen) {
  const kind = ['supported', 'disputed', 'unverified'].includes(verdict.label) ? verdict.label : 'unverified';
  const pct = Math.round(Math.max(0, Math.min(1, Number(verdict.confidence) || 0)) * 100);
  return el(
    'section',
    { class: 'verdict', dataset: { label: kind }, 'aria-labelledby': 'verdict-title' },
    label('h3', { id: 'verdict-title' }, 'verdict'),
    label('p', { class: 'verdict-label' }, `verdict_${kind}`),
    el(
      'div',
      { class: 'confidence' },
      label('label', { for: 'verdict-meter' }, 'confidence'),
      el('meter', { id: 'verdict-meter', min: 0, max: 100, value: pct }, `${pct}%`),
      el('span', { class: 'small' }, `${pct}%`),
    ),
    el('div', { class: 'verdict-sides' },
      el('div', { class: 'side supporting' }, label('h4', {}, 'supporting'), postIdList(verdict.supporting, onOpen)),
      el('div', { class: 'side contradicting' }, label('h4', {}, 'contradicting'), postIdList(verdict.contradicting, onOpen)),
    ),
  );
}

export function auditView(answer, onOpen) {
  const audit = answer.audit || {};
  const used = audit.used || [];
  const excluded = audit.excluded || [];
  const span = answer.window || {};
  const rows = [
    label('dt', {}, 'considered'), el('dd', {}, String(audit.considered ?? 0)),
    label('dt', {}, 'used'), el('dd', {}, postIdList(used, onOpen)),
    label('dt', {}, 'excluded'),
    el('dd', {}, excluded.length
      ? el('ul', { class: 'excluded' }, excluded.map((x) =>
          el('li', { dataset: { reason: x.reason } }, postRef(x.post_id, onOpen), ' — ', label('span', {}, `reason_${x.reason}`))))
      : label('p', { class: 'muted small' }, 'none')),
  ];
  if (audit.flags && audit.flags.length) rows.push(label('dt', {}, 'flags'), el('dd', { dir: 'ltr' }, audit.flags.join(', ')));
  if (span.since || span.until)
    rows.push(label('dt', {}, 'window_searched'), el('dd', { dir: 'ltr' }, `${span.since || '…'} → ${span.until || '…'}`));
  if (answer.unsupported_sentences && answer.unsupported_sentences.length)
    rows.push(label('dt', {}, 'unsupported'), el('dd', {}, el('ul', {}, answer.unsupported_sentences.map((s) => el('li', { dir: 'auto' }, s)))));
  return el(
    'details',
    { class: 'audit' },
    el('summary', {}, t('audit_summary', { considered: audit.considered ?? 0, used: used.length, excluded: excluded.length })),
    el('dl', {}, rows),
  );
}

// The answer panel for one request: streamed text first, then the final answer.
export class AnswerView {
  constructor(container, mode, subject, onOpen) {
    this.container = container;
    this.onOpen = onOpen;
    this.text = '';
    this.status = label('p', { class: 'answer-status', role: 'status' }, 'streaming');
    this.verdict = el('div', { class: 'answer-verdict' });
    this.body = el('div', { class: 'answer-text', dir: 'auto' });
    this.extra = el('div', { class: 'answer-extra' });
    container.replaceChildren(
      el('p', { class: 'answer-question muted small' }, label('span', {}, `mode_${mode}`), ': ', el('bdi', { dir: 'auto' }, subject)),
      this.status,
      this.verdict,
      this.body,
      this.extra,
    );
    container.dataset.state = 'streaming';
    container.setAttribute('aria-busy', 'true');
    container.hidden = false;
  }

  appendText(chunk) {
    this.text += chunk;
    this.body.replaceChildren(...citedText(this.text, null, this.onOpen));
  }

  finish(answer) {
    const citations = new Map((answer.citations || []).map((c) => [c.n, c]));
    this.body.replaceChildren(...citedText(answer.answer || '', citations, this.onOpen));
    this.status.dataset.i18n = 'done';
    this.status.textContent = t('done');
    if (answer.verdict) this.verdict.replaceChildren(verdictView(answer.verdict, this.onOpen));
    this.extra.replaceChildren(
      label('p', { class: 'badge mode-note small' }, answer.extractive ? 'extractive' : 'generated'),
      label('h3', {}, 'sources'),
      sourcesList(answer.citations || [], this.onOpen),
      auditView(answer, this.onOpen),
    );
    this.settle('done');
  }

  fail(message) {
    delete this.status.dataset.i18n;
    this.status.textContent = t('error', { message });
    this.settle('error');
  }

  settle(state) {
    this.container.dataset.state = state;
    this.container.setAttribute('aria-busy', 'false');
  }
}
