// Validates Argo CD objects (AppProject, Application, ApplicationSet) against the CRD schemas that
// @kubernetes-models/argo-cd ships. It runs as a plain Node process because the package is an ES
// module whose exports only answer `import`, which Jest's CommonJS runtime cannot resolve.
//
// stdin: a JSON array of objects. stdout: a JSON array, one entry per object, in the same order:
// { kind, name, error? }. A kind the package does not model is an error, never a pass.

import * as argo from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';

function validate(object) {
  const kind = object?.kind ?? '';
  const result = { kind, name: object?.metadata?.name ?? '' };
  if (object?.apiVersion !== 'argoproj.io/v1alpha1') {
    return {
      ...result,
      error: `apiVersion ${object?.apiVersion} is not argoproj.io/v1alpha1`,
    };
  }
  const Model = argo[kind];
  if (typeof Model !== 'function') {
    return { ...result, error: `no model for argoproj.io/v1alpha1 ${kind}` };
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
process.stdout.write(JSON.stringify(objects.map(validate)));
