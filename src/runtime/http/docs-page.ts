// `GET /docs`: Swagger UI for the model's /openapi.json, as the original's FastAPI server had
// (its Rust server advertised /docs in `GET /` but did not route it). The assets are served by
// this server (swagger-ui-assets.ts), never from a CDN. URLs are relative, so the page also
// works behind a reverse proxy that mounts the server under a prefix.
//
// Before rendering, the page gives each prediction/training request body an example built from
// the model's inputs (their defaults, else a placeholder for the required ones): Swagger UI's
// generated sample would fill every field of the envelope, including a webhook to example.com
// and a fixed prediction id.

export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Cog model API</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<p id="schema-error" hidden>The model's schema is not available yet (is setup still running?). Reload in a moment.</p>
<script src="docs/swagger-ui-bundle.js"></script>
<script>
function resolve(schema, doc) {
  const ref = schema && (schema.$ref || (schema.allOf && schema.allOf.length === 1 && schema.allOf[0].$ref));
  if (!ref || !ref.startsWith('#/components/schemas/')) return schema || {};
  const target = doc.components.schemas[ref.slice('#/components/schemas/'.length)] || {};
  return schema.$ref ? target : { ...target, ...schema, allOf: undefined };
}

function placeholder(schema) {
  if (schema.enum && schema.enum.length) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return schema.format === 'uri' ? 'https://example.com/input' : 'string';
  }
}

function sampleInput(inputSchema, doc) {
  const input = {};
  const required = new Set(inputSchema.required || []);
  const entries = Object.entries(inputSchema.properties || {});
  entries.sort((a, b) => (a[1]['x-order'] ?? 0) - (b[1]['x-order'] ?? 0));
  for (const [name, raw] of entries) {
    const schema = resolve(raw, doc);
    if ('default' in schema && schema.default !== null) input[name] = schema.default;
    else if (required.has(name)) input[name] = placeholder(schema);
  }
  return input;
}

function addRequestExamples(doc) {
  for (const item of Object.values(doc.paths || {})) {
    for (const operation of [item.post, item.put]) {
      const media = operation && operation.requestBody && operation.requestBody.content &&
        operation.requestBody.content['application/json'];
      if (!media) continue;
      const body = resolve(media.schema, doc);
      if (!body.properties || !body.properties.input) continue;
      media.example = { input: sampleInput(resolve(body.properties.input, doc), doc) };
    }
  }
}

fetch('openapi.json')
  .then((response) => {
    if (!response.ok) throw new Error('HTTP ' + response.status);
    return response.json();
  })
  .then((doc) => {
    addRequestExamples(doc);
    window.ui = SwaggerUIBundle({
      spec: doc,
      dom_id: '#swagger-ui',
      deepLinking: true,
      validatorUrl: null,
      displayRequestDuration: true,
      defaultModelExpandDepth: 3,
    });
  })
  .catch(() => {
    document.getElementById('schema-error').hidden = false;
  });
</script>
</body>
</html>
`;
