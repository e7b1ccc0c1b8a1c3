import { screen, within } from '@testing-library/react';
import {
  fullState,
  partialState,
  prod,
  staging,
} from '../../__fixtures__/runtimeState';
import {
  renderCard,
  runtimeApiAnswering,
} from '../../__testUtils__/renderCard';
import { GpuCard } from './GpuCard';

describe('GpuCard', () => {
  it('shows whole GPUs and MIG slices with requests, pods, gauges, nodes and quota', async () => {
    await renderCard(
      <GpuCard />,
      runtimeApiAnswering({ ...fullState, environments: [prod] }),
    );
    const section = within(
      await screen.findByRole('region', {
        name: 'prod (vision-inference-prod)',
      }),
    );
    expect(section.getByText('Whole GPU · nvidia.com/gpu')).toBeInTheDocument();
    expect(
      section.getByText('MIG 1g.10gb · nvidia.com/mig-1g.10gb'),
    ).toBeInTheDocument();
    expect(
      section.getAllByText('requested 1 · limit 1 per pod · 2 pods'),
    ).toHaveLength(2);

    const utilization = section.getByRole('meter', { name: 'GPU utilization' });
    expect(utilization).toHaveAttribute('aria-valuenow', '61');
    expect(section.getByRole('meter', { name: 'GPU memory' })).toHaveAttribute(
      'aria-valuetext',
      '20 GiB of 80 GiB',
    );
    expect(section.getByText(/No GPU metrics/)).toBeInTheDocument();

    const nodes = section.getByRole('list', { name: 'GPU nodes of prod' });
    expect(nodes).toHaveTextContent(
      'gpu-h100-mig-1: NVIDIA-H100-80GB-HBM3, 80 GiB — sharing: MIG (mixed strategy)',
    );
    expect(
      section.getByText('Quota requests.nvidia.com/gpu: 2 used of 4'),
    ).toBeInTheDocument();
    expect(
      section.getByText('Quota requests.nvidia.com/mig-1g.10gb: 2 used of 4'),
    ).toBeInTheDocument();
    expect(section.queryByText(/requests.cpu/)).not.toBeInTheDocument();
  });

  it('shows an average utilization over several pods as a whole percentage', async () => {
    const averaged = {
      ...prod,
      gpu: {
        ...prod.gpu,
        workloads: prod.gpu.workloads.map(w => ({
          ...w,
          utilizationPercent: w.utilizationPercent === null ? null : 76.75,
        })),
      },
    };
    await renderCard(
      <GpuCard />,
      runtimeApiAnswering({ ...fullState, environments: [averaged] }),
    );
    const utilization = await screen.findByRole('meter', {
      name: 'GPU utilization',
    });
    expect(utilization).toHaveAttribute('aria-valuetext', '77%');
  });

  it('marks time-sliced GPUs with their replicas', async () => {
    await renderCard(
      <GpuCard />,
      runtimeApiAnswering({ ...fullState, environments: [staging] }),
    );
    const nodes = await screen.findByRole('list', {
      name: 'GPU nodes of staging',
    });
    expect(nodes).toHaveTextContent(
      'gpu-t4-shared-1: Tesla-T4, 15 GiB — sharing: time-slicing, 4 replicas per GPU',
    );
    expect(screen.queryByRole('meter')).not.toBeInTheDocument();
  });

  it('says no container requests a GPU', async () => {
    await renderCard(
      <GpuCard />,
      runtimeApiAnswering({
        ...fullState,
        environments: [
          { ...staging, gpu: { workloads: [], nodes: [], quota: null } },
        ],
      }),
    );
    expect(
      await screen.findByText(/No container requests a GPU/),
    ).toBeInTheDocument();
  });

  it('shows the Prometheus error beside the Kubernetes data', async () => {
    await renderCard(<GpuCard />, runtimeApiAnswering(partialState));
    expect(
      await screen.findByText(/prometheus \(demo\): timeout/),
    ).toBeInTheDocument();
    expect(screen.getByText('Whole GPU · nvidia.com/gpu')).toBeInTheDocument();
  });
});
