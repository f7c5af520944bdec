// The playground UI: one HTML page and one script, no build step. The script reads /config,
// fetches the model's /openapi.json through the proxy, renders a form for the Input schema,
// posts /predictions and shows the output (text, JSON, images, audio, video, links).
export const playgroundHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Cog playground</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 2rem auto; max-width: 52rem; padding: 0 1rem; color: #222; }
  label { display: block; margin: 1rem 0 .25rem; font-weight: 600; }
  .help { color: #666; font-weight: normal; font-size: 13px; }
  input[type=text], input[type=number], textarea, select { width: 100%; box-sizing: border-box; padding: .4rem; }
  button { margin-top: 1rem; padding: .5rem 1.2rem; }
  pre { background: #f5f5f5; padding: .8rem; overflow: auto; }
  #status { color: #666; }
  .error { color: #b00020; }
  img, video { max-width: 100%; }
</style>
</head>
<body>
<h1>Cog playground</h1>
<p id="status">Connecting…</p>
<form id="form" hidden></form>
<div id="output"></div>
<script src="/app.js"></script>
</body>
</html>
`;

export const playgroundScript = `'use strict';
const statusLine = document.getElementById('status');
const form = document.getElementById('form');
const output = document.getElementById('output');
let target = '';

function api(path, init = {}) {
  const headers = Object.assign({ 'X-Cog-Target': target }, init.headers || {});
  return fetch('/proxy/' + path, Object.assign({}, init, { headers }));
}

function field(name, schema, required) {
  const wrap = document.createElement('div');
  const label = document.createElement('label');
  label.textContent = name + (required ? ' *' : '');
  if (schema.description) {
    const help = document.createElement('span');
    help.className = 'help';
    help.textContent = ' — ' + schema.description;
    label.appendChild(help);
  }
  wrap.appendChild(label);
  let input;
  const choices = schema.enum || (schema.allOf && schema.allOf[0] && schema.allOf[0].enum);
  if (choices) {
    input = document.createElement('select');
    for (const choice of choices) {
      const option = document.createElement('option');
      option.value = option.textContent = String(choice);
      input.appendChild(option);
    }
  } else if (schema.type === 'string' && schema.format === 'uri') {
    input = document.createElement('input');
    input.type = 'file';
  } else if (schema.type === 'boolean') {
    input = document.createElement('input');
    input.type = 'checkbox';
    input.checked = schema.default === true;
  } else if (schema.type === 'integer' || schema.type === 'number') {
    input = document.createElement('input');
    input.type = 'number';
    input.step = schema.type === 'integer' ? '1' : 'any';
  } else {
    input = document.createElement(schema.type === 'string' ? 'textarea' : 'input');
    if (input.tagName === 'INPUT') input.type = 'text';
  }
  if (schema.default !== undefined && input.type !== 'checkbox' && input.type !== 'file') {
    input.value = typeof schema.default === 'string' ? schema.default : JSON.stringify(schema.default);
  }
  input.name = name;
  input.dataset.kind = input.type === 'file' ? 'file' : schema.type || 'json';
  wrap.appendChild(input);
  return wrap;
}

function readFile(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

async function collectInput() {
  const input = {};
  for (const el of form.querySelectorAll('[name]')) {
    const kind = el.dataset.kind;
    if (kind === 'file') {
      if (el.files.length) input[el.name] = await readFile(el.files[0]);
    } else if (kind === 'boolean') {
      input[el.name] = el.checked;
    } else if (el.value !== '') {
      if (kind === 'integer' || kind === 'number') input[el.name] = Number(el.value);
      else if (kind === 'string' || el.tagName === 'SELECT') input[el.name] = el.value;
      else { try { input[el.name] = JSON.parse(el.value); } catch { input[el.name] = el.value; } }
    }
  }
  return input;
}

function show(value) {
  if (typeof value === 'string' && /^(data:|https?:)/.test(value)) {
    const media = /^data:(image|audio|video)\\//.exec(value) || /\\.(png|jpe?g|gif|webp|mp3|wav|mp4|webm)$/i.exec(value);
    const kind = media ? (media[1].startsWith('image') || /png|jpe?g|gif|webp/i.test(media[1]) ? 'img' : /mp3|wav|audio/i.test(media[1]) ? 'audio' : 'video') : 'a';
    const el = document.createElement(kind);
    if (kind === 'a') { el.href = value; el.textContent = value; } else { el.src = value; el.controls = true; }
    output.appendChild(el);
  } else if (Array.isArray(value) && value.every((v) => typeof v === 'string' && /^(data:|https?:)/.test(v))) {
    value.forEach(show);
  } else {
    const pre = document.createElement('pre');
    pre.textContent = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    output.appendChild(pre);
  }
}

async function run(event) {
  event.preventDefault();
  output.textContent = '';
  statusLine.textContent = 'Running…';
  statusLine.className = '';
  try {
    const response = await api('predictions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ input: await collectInput() }),
    });
    const body = await response.json();
    if (!response.ok || body.status === 'failed') throw new Error(body.error || body.detail && JSON.stringify(body.detail) || 'HTTP ' + response.status);
    statusLine.textContent = 'Done' + (body.metrics && body.metrics.predict_time ? ' in ' + body.metrics.predict_time.toFixed(2) + ' s' : '');
    show(body.output);
    if (body.logs) { const pre = document.createElement('pre'); pre.textContent = body.logs; output.appendChild(pre); }
  } catch (error) {
    statusLine.textContent = String(error.message || error);
    statusLine.className = 'error';
  }
}

async function start() {
  try {
    target = (await (await fetch('/config')).json()).target;
    const schema = await (await api('openapi.json')).json();
    const inputSchema = schema.components.schemas.Input;
    const required = new Set(inputSchema.required || []);
    const names = Object.keys(inputSchema.properties || {});
    names.sort((a, b) => (inputSchema.properties[a]['x-order'] ?? 0) - (inputSchema.properties[b]['x-order'] ?? 0));
    for (const name of names) form.appendChild(field(name, inputSchema.properties[name], required.has(name)));
    const button = document.createElement('button');
    button.type = 'submit';
    button.textContent = 'Run';
    form.appendChild(button);
    form.hidden = false;
    form.addEventListener('submit', run);
    statusLine.textContent = 'Connected to ' + target;
  } catch (error) {
    statusLine.textContent = 'Cannot reach the model at ' + (target || 'the target') + ': ' + (error.message || error) + '. Is cog serve running?';
    statusLine.className = 'error';
  }
}

start();
`;
