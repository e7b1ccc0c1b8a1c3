import { screen, within } from '@testing-library/react';
import {
  alertsNotConfiguredState,
  fullState,
  partialState,
} from '../../__fixtures__/runtimeState';
import {
  renderCard,
  runtimeApiAnswering,
} from '../../__testUtils__/renderCard';
import { AlertsCard } from './AlertsCard';

describe('AlertsCard', () => {
  it('counts active alerts by severity and lists every alert with its state and links', async () => {
    await renderCard(<AlertsCard />, runtimeApiAnswering(fullState));
    const counts = await screen.findByRole('group', {
      name: 'Firing alerts by severity',
    });
    expect(counts).toHaveTextContent('critical: 1');
    expect(counts).not.toHaveTextContent('warning');

    const rows = within(
      screen.getByRole('table', { name: 'Alerts' }),
    ).getAllByRole('row');
    expect(rows).toHaveLength(3);
    const critical = within(rows[1]);
    expect(critical.getByRole('rowheader')).toHaveTextContent(
      'VisionInferenceHighLatency',
    );
    expect(rows[1]).toHaveTextContent('critical');
    expect(rows[1]).toHaveTextContent('p99 latency above 2 s');
    expect(rows[1]).toHaveTextContent('firing');
    expect(
      critical.getByRole('link', {
        name: /Runbook of VisionInferenceHighLatency/,
      }),
    ).toHaveAttribute(
      'href',
      'https://runbooks.example.com/vision-inference/latency',
    );
    expect(
      critical.getByRole('link', {
        name: /Source of VisionInferenceHighLatency/,
      }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('prometheus.example.com'),
    );
    expect(rows[2]).toHaveTextContent('VisionInferenceGpuMemoryHigh');
    expect(rows[2]).toHaveTextContent('silenced');

    expect(
      screen.getByText(/No alert firing in staging \(cluster demo\)/),
    ).toBeInTheDocument();
  });

  it('says alerting is unavailable when Alertmanager failed, never "no alerts"', async () => {
    await renderCard(<AlertsCard />, runtimeApiAnswering(partialState));
    expect(await screen.findByText('Alerting unavailable')).toBeInTheDocument();
    expect(
      screen.getByText(/alertmanager \(demo\): unreachable/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No alert firing/)).not.toBeInTheDocument();
    expect(screen.queryByText(/prometheus/)).not.toBeInTheDocument();
  });

  it('says alerting is not configured, naming the config key', async () => {
    await renderCard(
      <AlertsCard />,
      runtimeApiAnswering(alertsNotConfiguredState),
    );
    expect(
      await screen.findByText('Alerting not configured'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('paved.runtime.clusters.<cluster>.alertmanager'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No alert firing/)).not.toBeInTheDocument();
  });
});
