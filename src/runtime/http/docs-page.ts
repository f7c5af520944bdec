// `GET /docs`: a small offline page (no CDN, no Swagger bundle) that reads /openapi.json, renders
// a form for the model's inputs and runs predictions against this server. The original
// advertised /docs but its current server did not serve it.

export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Cog model</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; max-width: 860px; margin: 2em auto; padding: 0 1em; color: #222; }
  h1 { font-size: 1.4em; } code, pre, textarea { font: 13px ui-monospace, monospace; }
  label { display: block; margin-top: 1em; font-weight: 600; }
  .desc { font-weight: normal; color: #666; font-size: 0.9em; }
  input[type=text], textarea, select { width: 100%; box-sizing: border-box; padding: 0.35em; }
  pre { background: #f5f5f5; padding: 1em; overflow: auto; white-space: pre-wrap; word-break: break-all; }
  button { margin-top: 1.2em; padding: 0.5em 1.4em; font-size: 1em; }
  img, audio, video { max-width: 100%; display: block; margin-top: 0.5em; }
</style>
</head>
<body>
<h1>Cog model</h1>
<p>Inputs from <a href="/openapi.json">/openapi.json</a>; requests go to <code>POST /predictions</code>.
Health: <a href="/health-check">/health-check</a>.</p>
<form id="form"></form>
<button id="run" type="button">Run</button>
<h2>Output</h2>
<div id="media"></div>
<pre id="result">(no prediction yet)</pre>
<script>
const form = document.getElementById('form');
const result = document.getElementById('result');
const media = document.getElementById('media');
let properties = {};

function resolve(schema, doc) {
  const ref = schema.allOf && schema.allOf[0] && schema.allOf[0].$ref;
  return ref ? { ...schema, ...doc.components.schemas[ref.split('/').pop()] } : schema;
}

function field(name, schema) {
  const label = document.createElement('label');
  label.textContent = (schema.title || name) + (schema.type ? ' (' + schema.type + ')' : '');
  if (schema.description) {
    const d = document.createElement('div');
    d.className = 'desc';
    d.textContent = schema.description;
    label.appendChild(d);
  }
  let control;
  if (schema.enum) {
    control = document.createElement('select');
    for (const v of schema.enum) control.add(new Option(String(v), JSON.stringify(v)));
    if ('default' in schema) control.value = JSON.stringify(schema.default);
  } else if (schema.format === 'uri') {
    control = document.createElement('input');
    control.type = 'file';
  } else if (schema.type === 'boolean') {
    control = document.createElement('input');
    control.type = 'checkbox';
    control.checked = schema.default === true;
  } else {
    control = document.createElement(schema.type === 'string' ? 'input' : 'textarea');
    if (control.tagName === 'INPUT') control.type = 'text';
    if ('default' in schema && schema.default !== null) {
      control.value = schema.type === 'string' ? schema.default : JSON.stringify(schema.default);
    }
  }
  control.name = name;
  label.appendChild(control);
  form.appendChild(label);
}

function readFile(file) {
  return new Promise((ok, fail) => {
    const reader = new FileReader();
    reader.onload = () => ok(reader.result);
    reader.onerror = fail;
    reader.readAsDataURL(file);
  });
}

async function collect() {
  const input = {};
  for (const [name, schema] of Object.entries(properties)) {
    const control = form.elements[name];
    if (schema.format === 'uri') {
      if (control.files.length) input[name] = await readFile(control.files[0]);
    } else if (schema.enum) input[name] = JSON.parse(control.value);
    else if (schema.type === 'boolean') input[name] = control.checked;
    else if (control.value === '') continue;
    else if (schema.type === 'string') input[name] = control.value;
    else input[name] = JSON.parse(control.value);
  }
  return input;
}

function showMedia(output) {
  media.textContent = '';
  for (const value of [].concat(output)) {
    if (typeof value !== 'string') continue;
    const kind = /^data:(image|audio|video)\\//.exec(value) || /\\.(png|jpe?g|gif|webp)$/i.exec(value);
    if (!kind) continue;
    const tag = kind[1] === 'audio' ? 'audio' : kind[1] === 'video' ? 'video' : 'img';
    const el = document.createElement(tag);
    el.src = value;
    if (tag !== 'img') el.controls = true;
    media.appendChild(el);
  }
}

document.getElementById('run').onclick = async () => {
  result.textContent = 'running…';
  media.textContent = '';
  try {
    const response = await fetch('/predictions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ input: await collect() }),
    });
    const body = await response.json();
    result.textContent = 'HTTP ' + response.status + '\\n' + JSON.stringify(body, null, 2);
    if (body.output) showMedia(body.output);
  } catch (error) {
    result.textContent = String(error);
  }
};

fetch('/openapi.json').then((r) => r.json()).then((doc) => {
  const input = doc.components.schemas.Input;
  properties = {};
  const entries = Object.entries(input.properties || {});
  entries.sort((a, b) => (a[1]['x-order'] ?? 0) - (b[1]['x-order'] ?? 0));
  for (const [name, schema] of entries) {
    properties[name] = resolve(schema, doc);
    field(name, properties[name]);
  }
}, () => { form.textContent = 'The model schema is not available yet.'; });
</script>
</body>
</html>
`;
