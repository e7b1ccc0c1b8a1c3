import { KubeObject } from '../kinds/KindDefinition';
import { demoComponents, namespaceOf } from './components';
import { CAPTURED_AT } from './derive';

type Health =
  | 'Healthy'
  | 'Progressing'
  | 'Degraded'
  | 'Missing'
  | 'Suspended'
  | 'Unknown';
type Sync = 'Synced' | 'OutOfSync' | 'Unknown';

/** How each environment's Application looks in the demo: mostly fine, a few things to show. */
const STATES: Record<string, { sync: Sync; health: Health; revision: string }> =
  {
    'orders-api-dev': {
      sync: 'Synced',
      health: 'Healthy',
      revision: '9f3c2e1a7b4d5c6e8f9a0b1c2d3e4f5a6b7c8d9e',
    },
    'orders-api-staging': {
      sync: 'Synced',
      health: 'Progressing',
      revision: '9f3c2e1a7b4d5c6e8f9a0b1c2d3e4f5a6b7c8d9e',
    },
    'orders-api-prod': {
      sync: 'OutOfSync',
      health: 'Healthy',
      revision: '4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b',
    },
    'vision-inference-staging': {
      sync: 'Synced',
      health: 'Healthy',
      revision: '1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c',
    },
    'vision-inference-prod': {
      sync: 'Synced',
      health: 'Degraded',
      revision: '1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c',
    },
    'billing-worker-dev': {
      sync: 'Synced',
      health: 'Degraded',
      revision: '7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f',
    },
    'billing-worker-prod': {
      sync: 'Synced',
      health: 'Healthy',
      revision: '7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f',
    },
  };

function application(component: string, environment: string): KubeObject {
  const name = `${component}-${environment}`;
  const state = STATES[name];
  const source = {
    repoURL: `https://github.com/paved-dev/${component}.git`,
    targetRevision: 'HEAD',
    path: `charts/${component}`,
    helm: {
      releaseName: component,
      valueFiles: ['values.yaml', `values-${environment}.yaml`],
    },
  };
  const destination = {
    server: 'https://kubernetes.default.svc',
    namespace: namespaceOf(component, environment),
  };
  const automated = environment !== 'prod';
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: 'argocd',
      labels: {
        'app.kubernetes.io/instance': component,
        'app.kubernetes.io/name': component,
        'app.kubernetes.io/part-of': component,
        'backstage.io/kubernetes-id': component,
        'paved.dev/environment': environment,
      },
      annotations: { 'paved.dev/sync': automated ? 'automated' : 'manual' },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: component,
      source,
      destination,
      syncPolicy: {
        ...(automated ? { automated: { prune: true, selfHeal: true } } : {}),
        syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
      },
    },
    status: {
      sync: {
        status: state.sync,
        revision: state.revision,
        comparedTo: { source, destination },
      },
      health: { status: state.health },
      reconciledAt: CAPTURED_AT,
      sourceType: 'Helm',
      summary: {
        images: [demoComponents.find(c => c.id === component)!.image],
      },
      history: [
        {
          id: 1,
          revision: state.revision,
          deployedAt: '2026-11-21T09:30:00Z',
          deployStartedAt: '2026-11-21T09:29:41Z',
          source,
        },
      ],
      operationState: {
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt: '2026-11-21T09:29:41Z',
        finishedAt: '2026-11-21T09:30:00Z',
        operation: {
          sync: { revision: state.revision },
          initiatedBy: { automated },
        },
        syncResult: { revision: state.revision, source },
      },
      resources: [
        {
          group: 'apps',
          version: 'v1',
          kind: 'Deployment',
          namespace: destination.namespace,
          name: component,
          status: state.sync,
          health: { status: state.health },
        },
        {
          version: 'v1',
          kind: 'Service',
          namespace: destination.namespace,
          name: component,
          status: 'Synced',
          health: { status: 'Healthy' },
        },
      ],
    },
  };
}

function project(component: string): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: {
      name: component,
      namespace: 'argocd',
      labels: { 'backstage.io/kubernetes-id': component },
    },
    spec: {
      sourceRepos: [`https://github.com/paved-dev/${component}.git`],
      destinations: [{ server: '*', namespace: `${component}-*` }],
    },
  };
}

/** One Argo CD Application per component and environment, plus their AppProjects, in `argocd`. */
export function demoArgoCd(): KubeObject[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'argocd' } },
    ...demoComponents.map(component => project(component.id)),
    ...demoComponents.flatMap(component =>
      component.environments.map(environment =>
        application(component.id, environment),
      ),
    ),
  ];
}
