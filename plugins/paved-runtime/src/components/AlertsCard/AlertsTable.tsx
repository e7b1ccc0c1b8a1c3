import { Link } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { formatRelative } from '../../format';
import { PlacedAlert, alertStateLabel } from './alertSummary';

/** The alerts, one row each: name, severity, environment, since, summary, state, links. */
export function AlertsTable({ alerts }: { alerts: PlacedAlert[] }) {
  return (
    <Table size="small" aria-label="Alerts">
      <TableHead>
        <TableRow>
          <TableCell>Alert</TableCell>
          <TableCell>Severity</TableCell>
          <TableCell>Environment</TableCell>
          <TableCell>Since</TableCell>
          <TableCell>Summary</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Links</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {alerts.map(({ environment, alert }) => {
          const state = alertStateLabel(alert);
          return (
            <TableRow key={`${environment.cluster}/${alert.fingerprint}`}>
              <TableCell component="th" scope="row" role="rowheader">
                {alert.name}
              </TableCell>
              <TableCell>{alert.severity ?? 'none'}</TableCell>
              <TableCell>{environment.name}</TableCell>
              <TableCell>
                <time dateTime={alert.startsAt}>
                  {formatRelative(alert.startsAt)}
                </time>
              </TableCell>
              <TableCell>{alert.summary ?? alert.description ?? ''}</TableCell>
              <TableCell>
                <Chip
                  size="small"
                  label={state}
                  variant={state === 'firing' ? 'default' : 'outlined'}
                  title={
                    [...alert.silencedBy, ...alert.inhibitedBy].join(', ') ||
                    undefined
                  }
                />
              </TableCell>
              <TableCell>
                {alert.runbookUrl && (
                  <Link
                    to={alert.runbookUrl}
                    aria-label={`Runbook of ${alert.name}`}
                  >
                    Runbook
                  </Link>
                )}{' '}
                {alert.generatorUrl && (
                  <Link
                    to={alert.generatorUrl}
                    aria-label={`Source of ${alert.name}`}
                  >
                    Source
                  </Link>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
