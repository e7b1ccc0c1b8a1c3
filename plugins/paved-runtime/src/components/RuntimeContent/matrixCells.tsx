import { RuntimeEnvironment } from '@paved/plugin-paved-runtime-common';
import { countBySeverity } from '../AlertsCard/alertSummary';
import { describeGpuResource, gpuUseByResource } from '../../gpu';
import { StatusLevel, StatusText } from '../shared/StatusText';

const HEALTH_LEVELS: Record<string, StatusLevel> = {
  Healthy: 'ok',
  Progressing: 'pending',
  Suspended: 'warning',
};

export function ArgoCdCell({
  environment,
}: {
  environment: RuntimeEnvironment;
}) {
  const { argocd } = environment;
  if (!argocd) {
    return <>no Application</>;
  }
  const syncLevel: StatusLevel = argocd.sync === 'Synced' ? 'ok' : 'warning';
  const healthLevel: StatusLevel =
    HEALTH_LEVELS[argocd.health ?? ''] ?? 'error';
  return (
    <>
      <StatusText level={syncLevel}>{argocd.sync ?? 'unknown'}</StatusText>
      <br />
      <StatusText level={healthLevel}>{argocd.health ?? 'unknown'}</StatusText>
    </>
  );
}

export function ReplicasCell({
  environment,
}: {
  environment: RuntimeEnvironment;
}) {
  if (!environment.hpas.length) {
    return <>no autoscaler</>;
  }
  return (
    <>
      {environment.hpas.map(hpa => {
        const level = hpa.atMax ? 'warning' : 'ok';
        return (
          <div key={hpa.name}>
            <StatusText level={level}>
              {hpa.name}: {hpa.currentReplicas} (min {hpa.minReplicas}, max{' '}
              {hpa.maxReplicas}){hpa.atMax ? ', at max' : ''}
            </StatusText>
          </div>
        );
      })}
    </>
  );
}

export function GpuCell({ environment }: { environment: RuntimeEnvironment }) {
  const uses = gpuUseByResource(environment.gpu);
  if (!uses.length) {
    return <>none</>;
  }
  return (
    <>
      {uses.map(({ resource, inUse, quota }) => (
        <div key={resource}>
          {describeGpuResource(resource)}: {inUse} in use
          {quota !== null ? `, quota ${quota}` : ''}
        </div>
      ))}
    </>
  );
}

export function AlertsCell({
  environment,
}: {
  environment: RuntimeEnvironment;
}) {
  const { status, items } = environment.alerts;
  if (status === 'unavailable') {
    return <StatusText level="error">alerting unavailable</StatusText>;
  }
  if (status === 'not-configured') {
    return <>alerting not configured</>;
  }
  const counts = countBySeverity(items);
  if (!counts.length) {
    return <StatusText level="ok">none firing</StatusText>;
  }
  return (
    <>
      {counts.map(({ severity, count }) => (
        <div key={severity}>
          <StatusText level="error">
            {count} {severity}
          </StatusText>
        </div>
      ))}
    </>
  );
}
