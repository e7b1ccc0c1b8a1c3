import { Entity } from '@backstage/catalog-model';
import { configApiRef } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  catalogApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  MockConfigApi,
  TestApiProvider,
  renderInTestApp,
} from '@backstage/test-utils';
import { RuntimeState } from '@paved/plugin-paved-runtime-common';
import { ReactElement } from 'react';
import { PavedRuntimeApi, pavedRuntimeApiRef } from '../api/PavedRuntimeApi';

const visionInference: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'vision-inference',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'vision-inference' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'product-team' },
};

/** An API that answers with the given states in turn (the last one repeats), or never. */
export function runtimeApiAnswering(
  ...answers: (RuntimeState | Error | 'never')[]
): PavedRuntimeApi & { calls: number } {
  const api = {
    calls: 0,
    async getRuntimeState(): Promise<RuntimeState> {
      const answer = answers[Math.min(api.calls, answers.length - 1)];
      api.calls += 1;
      if (answer === 'never') {
        return new Promise(() => {});
      }
      if (answer instanceof Error) {
        throw answer;
      }
      return answer;
    },
  };
  return api;
}

/** Renders a card on the vision-inference entity's page with the given runtime API. */
export function renderCard(
  card: ReactElement,
  api: PavedRuntimeApi,
  options: { entities?: Entity[]; refreshIntervalSeconds?: number } = {},
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [pavedRuntimeApiRef, api],
        [
          configApiRef,
          new MockConfigApi({
            paved: {
              runtime: {
                refreshIntervalSeconds: options.refreshIntervalSeconds ?? 0,
              },
            },
          }),
        ],
        [catalogApiRef, catalogApiMock({ entities: options.entities ?? [] })],
      ]}
    >
      <EntityProvider entity={visionInference}>{card}</EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}
