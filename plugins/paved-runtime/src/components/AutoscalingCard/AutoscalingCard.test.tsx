import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fullState,
  partialState,
  staging,
} from '../../__fixtures__/runtimeState';
import {
  renderCard,
  runtimeApiAnswering,
} from '../../__testUtils__/renderCard';
import { AutoscalingCard } from './AutoscalingCard';

describe('AutoscalingCard', () => {
  it('shows replicas on the min–max range, every metric with units, conditions and history', async () => {
    await renderCard(<AutoscalingCard />, runtimeApiAnswering(fullState));

    const bar = await screen.findByRole('progressbar', {
      name: /6 of 2 to 6 replicas, 6 desired, at maximum/,
    });
    expect(bar).toHaveAttribute('aria-valuenow', '6');
    expect(screen.getByText('At max')).toBeInTheDocument();
    expect(
      screen.getByText(
        /prod · vision-inference → Deployment\/vision-inference/,
      ),
    ).toBeInTheDocument();

    const metrics = within(screen.getByRole('list', { name: 'Metrics' }));
    expect(
      metrics.getByText(
        /cpu \(Resource\): 93% of requests \/ target 70% of requests/,
      ),
    ).toBeInTheDocument();
    expect(
      metrics.getByText(
        /memory of container triton \(ContainerResource\): 1.5 GiB per pod \/ target 2 GiB per pod/,
      ),
    ).toBeInTheDocument();
    expect(
      metrics.getByText(
        /inference_queue_depth per pod \(Pods\): 42 inference_queue_depth per pod/,
      ),
    ).toBeInTheDocument();
    expect(
      metrics.getByText(
        /requests_per_second on Ingress\/main-route \(Object\)/,
      ),
    ).toHaveTextContent(
      'current value unavailable / target 10000 requests_per_second',
    );
    expect(
      metrics.getByText(/pubsub_undelivered_messages \(External\): 120/),
    ).toHaveTextContent('target 500 pubsub_undelivered_messages');

    const conditions = within(screen.getByRole('list', { name: 'Conditions' }));
    expect(
      conditions.getByText('ScalingLimited True: TooManyReplicas').tagName,
    ).toBe('STRONG');
    expect(
      conditions.getByText('ScalingActive False: FailedGetObjectMetric')
        .tagName,
    ).toBe('STRONG');
    expect(
      conditions.getByText('AbleToScale True: ReadyForNewScale').tagName,
    ).not.toBe('STRONG');

    expect(screen.getByText(/Last scaled .* ago/)).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: 'Replica history' }),
    ).toBeInTheDocument();
  });

  it('says there is no autoscaler in environments without one', async () => {
    await renderCard(
      <AutoscalingCard />,
      runtimeApiAnswering({ ...fullState, environments: [staging] }),
    );
    expect(
      await screen.findByText(/No HorizontalPodAutoscaler in staging/),
    ).toBeInTheDocument();
  });

  it('shows the failed source and still renders the HPAs, without history', async () => {
    await renderCard(<AutoscalingCard />, runtimeApiAnswering(partialState));
    expect(
      await screen.findByText(/1 source could not be read/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/prometheus \(demo\): timeout/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/alertmanager/)).not.toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: /6 of 2 to 6 replicas/ }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('img', { name: 'Replica history' }),
    ).not.toBeInTheDocument();
  });

  it('shows the error of a failed request', async () => {
    await renderCard(
      <AutoscalingCard />,
      runtimeApiAnswering(new Error('Request failed with 503')),
    );
    expect(
      await screen.findAllByText(/Request failed with 503/),
    ).not.toHaveLength(0);
    expect(screen.queryByText('No environment found')).not.toBeInTheDocument();
  });

  it('refreshes in place: a closed panel stays closed and a failed refresh keeps the data', async () => {
    const api = runtimeApiAnswering(
      fullState,
      new Error('Request failed with 502'),
    );
    await renderCard(<AutoscalingCard />, api, { refreshIntervalSeconds: 0.2 });
    const header = await screen.findByRole('button', {
      name: /prod · vision-inference/,
    });
    expect(header).toHaveAttribute('aria-expanded', 'true');
    await userEvent.click(header);
    expect(header).toHaveAttribute('aria-expanded', 'false');

    await waitFor(() => expect(api.calls).toBeGreaterThanOrEqual(2));
    expect(
      await screen.findByText(/Refresh failed; showing data from/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /prod · vision-inference/ }),
    ).toHaveAttribute('aria-expanded', 'false');
  });
});
