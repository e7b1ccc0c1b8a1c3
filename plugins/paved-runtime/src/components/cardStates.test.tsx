import { screen } from '@testing-library/react';
import { emptyState } from '../__fixtures__/runtimeState';
import { renderCard, runtimeApiAnswering } from '../__testUtils__/renderCard';
import { AlertsCard } from './AlertsCard';
import { AutoscalingCard } from './AutoscalingCard';
import { GpuCard } from './GpuCard';
import { RuntimeContent } from './RuntimeContent';

describe.each([
  ['Autoscaling', <AutoscalingCard />],
  ['GPU', <GpuCard />],
  ['Alerts', <AlertsCard />],
  ['Runtime per environment', <RuntimeContent />],
])('%s', (title, card) => {
  it('shows a skeleton while the first read runs', async () => {
    await renderCard(card, runtimeApiAnswering('never'));
    expect(
      screen.getByRole('progressbar', { name: `Loading ${title}` }),
    ).toBeInTheDocument();
  });

  it('names the annotations and links the docs when the entity runs nowhere', async () => {
    await renderCard(card, runtimeApiAnswering(emptyState));
    expect(await screen.findByText('No environment found')).toBeInTheDocument();
    expect(
      screen.getByText('backstage.io/kubernetes-label-selector'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Read the runtime docs').closest('a'),
    ).toHaveAttribute('href', expect.stringContaining('runtime-api.md'));
  });
});
