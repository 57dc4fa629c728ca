// Real-client test: the official `openai` npm package against a running `chorus serve` with a
// small random model. A streamed and a non-streamed chat, the model list, embeddings and an
// error case, each checked through the client's own parsing.
//
// Environment: CHORUS_BIN (the chorus binary; set by CTest). When the binary or the openai
// package is missing every test is reported skipped, with the reason printed.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

const CHORUS = process.env.CHORUS_BIN || '';

// Why the tests cannot run here, or '' — reported by node's runner as skipped tests.
let skipReason = '';
let OpenAI;
if (!CHORUS || !fs.existsSync(CHORUS)) skipReason = 'CHORUS_BIN is not set to the chorus binary';
try {
  ({ default: OpenAI } = await import('openai'));
} catch (e) {
  skipReason ||= `the openai npm package is missing (run scripts/setup_node.sh): ${e.message}`;
}
if (skipReason) console.log(`SKIP openai_client.test.mjs: ${skipReason}`);
const opts = { skip: skipReason || false };

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-e2e-openai-'));
const model = path.join(work, 'tiny.gguf');
let server;
let baseURL;

before(async () => {
  if (skipReason) return;
  const made = spawnSync(CHORUS, ['model', 'make-random', '--dim', '64', '--layers', '2', '--heads', '4',
    '--kv-heads', '2', '--ffn', '128', '--context', '2048', '--out', model]);
  assert.equal(made.status, 0, `make-random failed: ${made.stderr}`);
  server = spawn(CHORUS, ['serve', '--port', '0', '--data-dir', path.join(work, 'data'), '--source', 'none',
    '--model', model, '--model-name', 'tiny', '--api-key', 'sk-test', '--log-level', 'info'],
  { stdio: ['ignore', 'ignore', 'pipe'] });
  // The log line {"msg":"listening on http://127.0.0.1:PORT"} gives the ephemeral port.
  baseURL = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`no listening line in: ${buf}`)), 30000);
    server.stderr.on('data', (d) => {
      buf += d.toString();
      const m = buf.match(/listening on (http:\/\/[0-9.]+:[0-9]+)/);
      if (m) {
        clearTimeout(timer);
        resolve(`${m[1]}/v1`);
      }
    });
    server.on('exit', (code) => reject(new Error(`chorus serve exited ${code}: ${buf}`)));
  });
  for (let i = 0; i < 300; i++) {
    const r = await fetch(baseURL.replace('/v1', '/readyz')).catch(() => null);
    if (r && r.status === 200) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('server never became ready');
});

after(() => {
  if (server) server.kill('SIGTERM');
  fs.rmSync(work, { recursive: true, force: true });
});

const client = () => new OpenAI({ apiKey: 'sk-test', baseURL, maxRetries: 0 });

test('models lists the local model', opts, async () => {
  const page = await client().models.list();
  const ids = page.data.map((m) => m.id);
  assert.ok(ids.includes('tiny'), `models: ${ids}`);
});

test('non-streamed chat with usage', opts, async () => {
  const r = await client().chat.completions.create({
    model: 'tiny',
    messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello?' }],
    max_tokens: 8, temperature: 0.5, seed: 3,
  });
  assert.equal(r.object, 'chat.completion');
  assert.equal(r.choices.length, 1);
  assert.equal(r.choices[0].message.role, 'assistant');
  assert.equal(typeof r.choices[0].message.content, 'string');
  assert.ok(['stop', 'length'].includes(r.choices[0].finish_reason));
  assert.ok(r.usage.completion_tokens <= 8);
  assert.equal(r.usage.total_tokens, r.usage.prompt_tokens + r.usage.completion_tokens);
});

test('streamed chat: chunks, one id, usage, same text as non-streamed', opts, async () => {
  const params = {
    model: 'tiny', messages: [{ role: 'user', content: 'Tell me a story.' }], max_tokens: 10, seed: 11,
  };
  const stream = await client().chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } });
  const ids = new Set();
  let text = '';
  let finish = null;
  let usage = null;
  for await (const chunk of stream) {
    ids.add(chunk.id);
    if (chunk.usage) usage = chunk.usage;
    for (const c of chunk.choices) {
      text += c.delta?.content ?? '';
      if (c.finish_reason) finish = c.finish_reason;
    }
  }
  assert.equal(ids.size, 1);
  assert.ok(finish, 'a finish_reason arrived');
  assert.ok(usage && usage.completion_tokens > 0, 'usage chunk');
  const whole = await client().chat.completions.create(params);
  assert.equal(whole.choices[0].message.content, text);
});

test('embeddings', opts, async () => {
  const r = await client().embeddings.create({ model: 'tiny', input: ['first text', 'second text'], encoding_format: 'float' });
  assert.equal(r.data.length, 2);
  const v = r.data[0].embedding;
  assert.equal(v.length, 64);
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  assert.ok(Math.abs(norm - 1) < 1e-3, `norm ${norm}`);
});

test('errors surface as the client error classes', opts, async () => {
  await assert.rejects(
    client().chat.completions.create({ model: 'tiny', messages: [{ role: 'user', content: 'x' }], n: 2 }),
    (e) => e instanceof OpenAI.BadRequestError && e.status === 400 && e.param === 'n');
  // Wrong key on a write endpoint, through the same client machinery.
  const bad = new OpenAI({ apiKey: 'wrong', baseURL, maxRetries: 0 });
  await assert.rejects(bad.post('/../api/posts', { body: { id: 'x' } }),
    (e) => e instanceof OpenAI.AuthenticationError && e.status === 401);
});
