import { RuntimeHpaMetric } from '@paved/plugin-paved-runtime-common';
import { formatMetricValue, isAboveTarget, metricLabel } from '../../metrics';
import { StatusText } from '../shared/StatusText';

/** Every metric's current value against its target, with units. */
export function HpaMetrics(props: { metrics: RuntimeHpaMetric[] }) {
  return (
    <ul aria-label="Metrics" style={{ paddingLeft: 0, listStyle: 'none' }}>
      {props.metrics.map(metric => {
        const above = isAboveTarget(metric);
        const level = metric.current === null || above ? 'warning' : 'ok';
        return (
          <li key={`${metric.type}/${metricLabel(metric)}`}>
            <StatusText level={level}>
              {metricLabel(metric)} ({metric.type}):{' '}
              {metric.current === null ? (
                <strong>current value unavailable</strong>
              ) : (
                formatMetricValue(metric.current, metric.name)
              )}{' '}
              / target {formatMetricValue(metric.target, metric.name)}
            </StatusText>
          </li>
        );
      })}
    </ul>
  );
}
