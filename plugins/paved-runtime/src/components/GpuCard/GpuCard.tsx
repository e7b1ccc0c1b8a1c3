import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { RuntimeEnvironment } from '@paved/plugin-paved-runtime-common';
import { describeSharing, gpuQuotaLines } from '../../gpu';
import { formatBytes } from '../../format';
import { EmptyNote } from '../shared/EmptyNote';
import { RuntimeCard } from '../shared/RuntimeCard';
import { GpuWorkloadRow } from './GpuWorkloadRow';

function GpuEnvironment({ environment }: { environment: RuntimeEnvironment }) {
  const { workloads, nodes, quota } = environment.gpu;
  const quotaLines = gpuQuotaLines(quota);
  const headingId = `gpu-${environment.cluster}-${environment.namespace}`;
  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 16 }}>
      <Typography variant="subtitle1" component="h3" id={headingId}>
        {environment.name} ({environment.namespace})
      </Typography>
      {workloads.map(workload => (
        <GpuWorkloadRow
          key={`${workload.kind}/${workload.name}/${workload.container}/${workload.resource}`}
          workload={workload}
        />
      ))}
      {nodes.length > 0 && (
        <ul aria-label={`GPU nodes of ${environment.name}`}>
          {nodes.map(node => (
            <li key={node.name}>
              {node.name}: {node.product}
              {node.memoryBytes ? `, ${formatBytes(node.memoryBytes)}` : ''} —
              sharing: <strong>{describeSharing(node)}</strong>
            </li>
          ))}
        </ul>
      )}
      {quotaLines.map(line => (
        <div key={line.key}>
          <Typography variant="body2">
            Quota {line.key}: {line.used} used of {line.hard}
          </Typography>
          <LinearProgress
            variant="determinate"
            value={line.hard ? Math.min(100, (line.used / line.hard) * 100) : 0}
            aria-label={`Quota ${line.key}: ${line.used} used of ${line.hard}`}
          />
        </div>
      ))}
    </section>
  );
}

/** Per environment: GPU workloads, the nodes behind them and their sharing, the GPU quota. @public */
export function GpuCard() {
  return (
    <RuntimeCard title="GPU" sources={['kubernetes', 'prometheus']}>
      {state => {
        const withGpu = state.environments.filter(
          e => e.gpu.workloads.length || gpuQuotaLines(e.gpu.quota).length,
        );
        return withGpu.length ? (
          withGpu.map(environment => (
            <GpuEnvironment
              key={`${environment.cluster}/${environment.namespace}`}
              environment={environment}
            />
          ))
        ) : (
          <EmptyNote>
            No container requests a GPU (<code>nvidia.com/gpu</code>,{' '}
            <code>nvidia.com/mig-*</code>, <code>amd.com/gpu</code>) and no
            namespace has a GPU quota.
          </EmptyNote>
        );
      }}
    </RuntimeCard>
  );
}
