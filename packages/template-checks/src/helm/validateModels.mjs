// Validates Kubernetes objects against the upstream OpenAPI schemas that kubernetes-models and its
// third-party packages (prometheus-operator, external-secrets, Argo CD, Gateway API) ship. It runs as a plain Node process because those packages are ES modules
// whose exports only answer `import`, which Jest's CommonJS runtime cannot resolve.
//
// stdin: a JSON array of objects. stdout: a JSON array, one entry per object, in the same order:
// { apiVersion, kind, name, error? }. An object no package models is an error, never a pass.

const PACKAGES = [
  ['monitoring.coreos.com/', '@kubernetes-models/prometheus-operator/'],
  ['external-secrets.io/', '@kubernetes-models/external-secrets/'],
  ['argoproj.io/', '@kubernetes-models/argo-cd/'],
  ['gateway.networking.k8s.io/', '@kubernetes-models/gateway-api/'],
  ['', 'kubernetes-models/'],
];

function modulePath(apiVersion) {
  const [, pkg] = PACKAGES.find(([prefix]) => apiVersion.startsWith(prefix));
  return pkg + apiVersion;
}

async function validate(object) {
  const { apiVersion = '', kind = '' } = object ?? {};
  const result = { apiVersion, kind, name: object?.metadata?.name ?? '' };
  let models;
  try {
    models = await import(modulePath(apiVersion));
  } catch (error) {
    return { ...result, error: `no model for ${apiVersion}: ${error.message}` };
  }
  const Model = models[kind];
  if (typeof Model !== 'function') {
    return { ...result, error: `no model for ${apiVersion} ${kind}` };
  }
  try {
    new Model(object).validate();
    return result;
  } catch (error) {
    const details = error.errors
      ? `\n${JSON.stringify(error.errors, null, 2)}`
      : '';
    return { ...result, error: `${error.message}${details}` };
  }
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const objects = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const results = [];
for (const object of objects) results.push(await validate(object));
process.stdout.write(JSON.stringify(results));
