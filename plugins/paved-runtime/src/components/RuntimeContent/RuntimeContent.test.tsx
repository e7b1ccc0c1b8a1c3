import { Entity } from '@backstage/catalog-model';
import { screen, within } from '@testing-library/react';
import { fullState, partialState } from '../../__fixtures__/runtimeState';
import {
  renderCard,
  runtimeApiAnswering,
} from '../../__testUtils__/renderCard';
import { RuntimeContent } from './RuntimeContent';

const prodEnvironment: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'vision-inference-prod',
    namespace: 'default',
    annotations: { 'paved.dev/expires-at': '2099-01-01T00:00:00.000Z' },
  },
  spec: { type: 'kubernetes-namespace', owner: 'product-team' },
};

describe('RuntimeContent', () => {
  it('shows a column per environment with Argo CD, replicas, GPUs and alerts', async () => {
    await renderCard(<RuntimeContent />, runtimeApiAnswering(fullState), {
      entities: [prodEnvironment],
    });
    const table = await screen.findByRole('table', {
      name: 'Runtime state per environment',
    });
    const headers = within(table).getAllByRole('columnheader');
    expect(headers.map(h => h.textContent)).toEqual([
      'Environment',
      expect.stringMatching(/^prod.*demo \/ vision-inference-prod/),
      expect.stringMatching(/^staging.*demo \/ vision-inference-staging/),
    ]);
    expect(
      await within(headers[1]).findByRole('link', { name: 'prod' }),
    ).toBeInTheDocument();
    expect(headers[1]).toHaveTextContent(/expires in \d+ years/);
    expect(within(headers[2]).queryByRole('link')).not.toBeInTheDocument();

    const row = (label: string) =>
      within(table).getByRole('rowheader', { name: label }).closest('tr')!;
    expect(row('Argo CD sync / health')).toHaveTextContent(
      'OutOfSyncDegradedSyncedHealthy',
    );
    expect(row('Replicas (min–max)')).toHaveTextContent(
      'vision-inference: 6 (min 2, max 6), at maxno autoscaler',
    );
    // Whole GPUs and MIG slices are different units: a line each, never one sum.
    expect(row('GPUs in use / quota')).toHaveTextContent(
      'Whole GPU: 2 in use, quota 4MIG 1g.10gb: 2 in use, quota 4Whole GPU: 1 in use',
    );
    expect(row('Firing alerts')).toHaveTextContent('1 criticalnone firing');
  });

  it('marks alerting unavailable in the matrix and lists the failed sources', async () => {
    await renderCard(<RuntimeContent />, runtimeApiAnswering(partialState));
    expect(await screen.findByText('alerting unavailable')).toBeInTheDocument();
    expect(screen.getByText(/2 sources could not be read/)).toBeInTheDocument();
  });
});
