import { Gauge } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { RuntimeGpuWorkload } from '@paved/plugin-paved-runtime-common';
import { describeGpuResource } from '../../gpu';
import { formatBytes } from '../../format';

function LabelledGauge(props: { label: string; value: number; text: string }) {
  return (
    <div
      role="meter"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(props.value * 100)}
      aria-valuetext={props.text}
      style={{ width: 96, display: 'inline-block', marginRight: 16 }}
    >
      <Gauge value={props.value} fractional inverse description={props.text} />
      <Typography variant="caption" component="p" align="center">
        {props.label}
      </Typography>
    </div>
  );
}

/** One container's GPU resource, requests, pods and, with Prometheus, utilization and memory. */
export function GpuWorkloadRow({ workload }: { workload: RuntimeGpuWorkload }) {
  const memory =
    workload.memoryUsedBytes !== null && workload.memoryTotalBytes
      ? {
          value: workload.memoryUsedBytes / workload.memoryTotalBytes,
          text: `${formatBytes(workload.memoryUsedBytes)} of ${formatBytes(
            workload.memoryTotalBytes,
          )}`,
        }
      : null;
  return (
    <div>
      <Typography variant="subtitle2" component="h4">
        {workload.kind}/{workload.name}, container {workload.container}{' '}
        <Chip
          size="small"
          label={`${describeGpuResource(workload.resource)} · ${
            workload.resource
          }`}
        />
      </Typography>
      <Typography variant="body2">
        requested {workload.requested} · limit {workload.limit} per pod ·{' '}
        {workload.pods} pod{workload.pods === 1 ? '' : 's'}
      </Typography>
      {workload.utilizationPercent !== null && (
        <LabelledGauge
          label="GPU utilization"
          value={workload.utilizationPercent / 100}
          text={`${Math.round(workload.utilizationPercent)}%`}
        />
      )}
      {memory && (
        <LabelledGauge
          label="GPU memory"
          value={memory.value}
          text={memory.text}
        />
      )}
      {workload.utilizationPercent === null && !memory && (
        <Typography variant="caption">
          No GPU metrics (needs Prometheus with the DCGM exporter).
        </Typography>
      )}
    </div>
  );
}
