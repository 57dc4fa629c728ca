// Browser end-to-end test of the web UI: Debian's Chromium driven by playwright-core against a
// real `chorus serve --source simulator`. The index is first given 20 minutes of simulated
// history (chorus simulate | chorus ingest) so that a breaking event is already trending; the
// live simulator then keeps the feed moving. Steps: ask about the event and see a cited answer
// stream in; open a citation (by keyboard) and see the cited post; press "Is this true?" on it
// and see a verdict; switch the interface to Arabic and check right-to-left layout.
//
// Environment: CHORUS_BIN (the chorus binary; set by CTest), CHORUS_CHROMIUM (default
// /usr/bin/chromium), CHORUS_E2E_SCREENSHOTS (a folder: PNGs of each step are written there).
// Exits 77 (CTest: skipped) with the reason when chromium, the binary or playwright-core is
// missing.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

const SKIP = 77;
const CHORUS = process.env.CHORUS_BIN || '';
const CHROMIUM = process.env.CHORUS_CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.CHORUS_E2E_SCREENSHOTS || '';
// The English names of the simulator's event places (src/stream/sim/places.cc).
const PLACES = ['Cairo', 'Alexandria', 'Beirut', 'Dubai', 'London', 'Paris', 'Tokyo', 'Amman',
  'Casablanca', 'Riyadh', 'Lyon', 'New York'];

function skip(reason) {
  console.log(`SKIP ui.test.mjs: ${reason}`);
  process.exit(SKIP);
}

if (!CHORUS || !fs.existsSync(CHORUS)) skip(`chorus binary not found (CHORUS_BIN='${CHORUS}')`);
if (!fs.existsSync(CHROMIUM)) skip(`${CHROMIUM} not found (bash scripts/setup.sh installs chromium)`);
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  skip('npm package playwright-core not installed (run npm ci in tests/e2e)');
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-ui-e2e-'));
let server = null;
let serverLog = '';
let base = '';
let browser = null;
let page = null;
let place = '';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function run(args) {
  const r = spawnSync(CHORUS, args, { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, `chorus ${args.join(' ')} failed: ${r.stderr}`);
  return r;
}

async function waitReady(deadlineMs) {
  for (let t0 = Date.now(); Date.now() - t0 < deadlineMs;) {
    if (server.exitCode !== null) throw new Error(`chorus serve exited ${server.exitCode}: ${serverLog}`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`chorus serve not ready after ${deadlineMs} ms: ${serverLog}`);
}

// The first simulator place named by a trending term (1 hour window), else by a search hit.
async function trendingPlace() {
  const body = await (await fetch(`${base}/api/trending?window=1h&n=30`)).json();
  const squash = (s) => s.toLowerCase().replace(/[^a-z]/g, '');
  for (const item of body.trending) {
    const p = PLACES.find((name) => squash(item.term).includes(squash(name)));
    if (p) return p;
  }
  for (const p of PLACES) {
    const r = await (await fetch(`${base}/api/search?q=${encodeURIComponent(p)}&limit=1`)).json();
    if (r.matched > 0) return p;
  }
  throw new Error(`no simulator place in trending terms: ${JSON.stringify(body)}`);
}

async function shot(name) {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

before(async () => {
  const now = Date.now();
  const history = path.join(work, 'history.jsonl');
  run(['simulate', '--seed', '11', '--fast', '--rate', '20', '--start', String(now - 20 * 60000),
    '--duration', '20m', '--out', history]);
  run(['ingest', '--data-dir', path.join(work, 'data'), history]);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(CHORUS, ['serve', '--source', 'simulator', '--sim-rate', '50', '--data-dir',
    path.join(work, 'data'), '--port', String(port), '--log-text', '--log-level', 'warn'],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (d) => { serverLog = (serverLog + d).slice(-4000); };
  server.stdout.on('data', keep);
  server.stderr.on('data', keep);
  await waitReady(60000);
  place = await trendingPlace();
  const userData = fs.mkdtempSync(path.join(work, 'chromium-'));
  browser = await chromium.launchPersistentContext(userData, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
});

after(async () => {
  if (browser) await browser.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(work, { recursive: true, force: true });
});

test('the page and its files are served with validators and a strict CSP', async () => {
  const index = await fetch(`${base}/`);
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type'), /^text\/html/);
  assert.match(index.headers.get('content-security-policy'), /script-src 'self'/);
  const etag = index.headers.get('etag');
  assert.ok(etag, 'ETag header');
  const again = await fetch(`${base}/`, { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  const js = await fetch(`${base}/ui/app.js`);
  assert.match(js.headers.get('content-type'), /^text\/javascript/);
  assert.equal((await fetch(`${base}/ui/missing.js`)).status, 404);
});

test('the live feed shows posts, each with an "Is this true?" button', { timeout: 60000 }, async () => {
  await page.goto(`${base}/`);
  await page.waitForSelector('#feed .post', { timeout: 30000 });
  // Counted in one evaluation: live posts keep arriving.
  const [posts, buttons] = await page.evaluate(() => [
    document.querySelectorAll('#feed .post').length,
    document.querySelectorAll('#feed .post .check-btn').length,
  ]);
  assert.ok(posts > 0);
  assert.equal(buttons, posts);
  // Post text is never parsed as markup: the only script element is the app's own.
  assert.equal(await page.locator('script').count(), 1);
  await shot('feed');
});

test('asking about a breaking event streams in a cited answer', { timeout: 90000 }, async () => {
  // An explicit window: right after start the live simulator has no event yet, so a bare
  // "happening now" question may find no current story; the last hour holds the history's.
  const question = `What is happening in ${place} in the last hour?`;
  const streamed = page.waitForResponse((r) => r.url().endsWith('/api/ask'));
  await page.fill('#ask-input', question);
  await page.press('#ask-input', 'Enter');
  const response = await streamed;
  assert.match(response.headers()['content-type'], /text\/event-stream/);
  const body = await response.text();
  const token = body.indexOf('event: token');
  assert.ok(token >= 0, `no token event in: ${body.slice(0, 300)}`);
  assert.ok(body.indexOf('event: answer') > token, 'the answer event comes after the tokens');
  await page.waitForSelector('#answer[data-state="done"]', { timeout: 60000 });
  const text = await page.locator('#answer .answer-text').innerText();
  assert.ok(text.trim().length > 0, 'answer text');
  assert.ok(await page.locator('#answer .answer-text button.cite').count() > 0, `no citation chip in: ${text}`);
  assert.ok(await page.locator('#answer .citations .citation').count() > 0);
  await page.click('#answer .audit summary');
  assert.match(await page.locator('#answer .audit').innerText(), /\d+/);
  await shot('answer');
});

test('a citation chip opens the cited post (keyboard)', { timeout: 30000 }, async () => {
  const chip = page.locator('#answer .answer-text button.cite').first();
  const id = await chip.getAttribute('data-post-id');
  await chip.focus();
  await page.keyboard.press('Enter');
  const card = page.locator(`#post-dialog[open] #post-dialog-body .post[data-post-id="${id}"]`);
  await card.waitFor({ timeout: 15000 });
  assert.ok((await card.locator('.post-text').innerText()).trim().length > 0);
  await shot('citation');
  await page.keyboard.press('Escape');
  await page.locator('#post-dialog[open]').waitFor({ state: 'detached', timeout: 5000 });
  assert.equal(await page.evaluate(() => document.activeElement.dataset.postId), id, 'focus returns to the chip');
});

test('"Is this true?" on a post shows a verdict', { timeout: 90000 }, async () => {
  await page.locator('#answer .answer-text button.cite').first().click();
  await page.locator('#post-dialog[open] #post-dialog-body .check-btn').click();
  await page.waitForSelector('#answer[data-state="done"] .verdict', { timeout: 60000 });
  const label = await page.locator('#answer .verdict').getAttribute('data-label');
  assert.ok(['supported', 'disputed', 'unverified'].includes(label), `verdict label ${label}`);
  assert.ok((await page.locator('#answer .verdict-label').innerText()).trim().length > 0);
  await shot('verdict');
});

test('trending stories show their checked summaries with citation chips', { timeout: 60000 }, async (t) => {
  const body = await (await fetch(`${base}/api/stories?window=1h&n=5`)).json();
  const shown = (body.stories || []).filter((s) => s.summary && (s.citations || []).length > 0);
  if (shown.length === 0) {
    t.skip(`no story passed its citation check: ${JSON.stringify(body).slice(0, 300)}`);
    return;
  }
  await page.locator('label[for="win-1h"]').click();
  await page.locator('#stories .story button.cite').first().waitFor({ timeout: 30000 });
  assert.ok(await page.locator('#stories .story').count() >= 1);
  // The list refreshes with the trending panel; a chip replaced under the click is retried.
  let opened = false;
  for (let attempt = 0; attempt < 3 && !opened; ++attempt) {
    if ((await page.locator('#post-dialog[open]').count()) > 0) {
      // The click landed on a chip that replaced the one read: close what it opened first.
      await page.keyboard.press('Escape');
      await page.locator('#post-dialog[open]').waitFor({ state: 'detached', timeout: 5000 });
    }
    const chip = page.locator('#stories .story button.cite').first();
    const id = await chip.getAttribute('data-post-id');
    await chip.click();
    opened = await page
      .locator(`#post-dialog[open] #post-dialog-body .post[data-post-id="${id}"]`)
      .waitFor({ timeout: 10000 })
      .then(() => true, () => false);
  }
  assert.ok(opened, 'a story citation chip opens the cited post');
  await page.keyboard.press('Escape');
  await page.locator('#post-dialog[open]').waitFor({ state: 'detached', timeout: 5000 });
});

test('the Arabic interface lays out right to left', { timeout: 30000 }, async () => {
  await page.selectOption('#ui-lang', 'ar');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await page.locator('#ask-submit').innerText(), 'اسأل');
  const arabic = page.locator('#feed .post-text[lang="ar"]');
  if (await arabic.count() > 0) assert.equal(await arabic.first().getAttribute('dir'), 'rtl');
  await page.setViewportSize({ width: 360, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page wider than a 360px screen by ${overflow}px`);
  await shot('arabic-phone');
});
