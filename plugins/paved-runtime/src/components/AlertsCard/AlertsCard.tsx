import { EmptyState } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { RuntimeEnvironment } from '@paved/plugin-paved-runtime-common';
import { EmptyNote } from '../shared/EmptyNote';
import { RuntimeCard } from '../shared/RuntimeCard';
import { StatusText } from '../shared/StatusText';
import { AlertsTable } from './AlertsTable';
import { countBySeverity, placeAlerts } from './alertSummary';

/** One line per environment whose alerts could not be read or are not set up: never silence. */
function AlertingStatus({ environment }: { environment: RuntimeEnvironment }) {
  const where = `${environment.name} (cluster ${environment.cluster})`;
  switch (environment.alerts.status) {
    case 'unavailable':
      return (
        <StatusText level="error">
          <strong>Alerting unavailable</strong> in {where}: Alertmanager could
          not be read, so firing alerts may be missing.
        </StatusText>
      );
    case 'not-configured':
      return (
        <Typography variant="body2">
          Alerting not configured in {where}: no{' '}
          <code>paved.runtime.clusters.{environment.cluster}.alertmanager</code>
          .
        </Typography>
      );
    case 'ok':
      return <StatusText level="ok">No alert firing in {where}</StatusText>;
    default:
      return null;
  }
}

/** Firing alerts of every environment, counted by severity, with silenced and inhibited ones marked. @public */
export function AlertsCard() {
  return (
    <RuntimeCard title="Alerts" sources={['alertmanager']}>
      {state => {
        const { environments } = state;
        if (environments.every(e => e.alerts.status === 'not-configured')) {
          return (
            <EmptyState
              missing="info"
              title="Alerting not configured"
              description={
                <EmptyNote>
                  No cluster of this entity has an Alertmanager in{' '}
                  <code>
                    paved.runtime.clusters.&lt;cluster&gt;.alertmanager
                  </code>
                  , so alerts are not shown.
                </EmptyNote>
              }
            />
          );
        }
        const alerts = placeAlerts(environments);
        const counts = countBySeverity(alerts.map(a => a.alert));
        return (
          <>
            <div role="group" aria-label="Firing alerts by severity">
              {counts.map(({ severity, count }) => (
                <Chip
                  key={severity}
                  color={severity === 'critical' ? 'secondary' : 'default'}
                  label={`${severity}: ${count}`}
                  style={{ marginRight: 8 }}
                />
              ))}
            </div>
            <ul style={{ listStyle: 'none', paddingLeft: 0 }}>
              {environments.map(environment => (
                <li key={`${environment.cluster}/${environment.namespace}`}>
                  <AlertingStatus environment={environment} />
                </li>
              ))}
            </ul>
            {alerts.length > 0 && <AlertsTable alerts={alerts} />}
          </>
        );
      }}
    </RuntimeCard>
  );
}
