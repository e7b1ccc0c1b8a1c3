import { Link } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { formatRelative } from '../../format';
import { PlacedAlert, alertStateLabel } from './alertSummary';

function AlertLink(props: { url: string | null; text: string; alert: string }) {
  return props.url ? (
    <Link to={props.url} aria-label={`${props.text} of ${props.alert}`}>
      {props.text}
    </Link>
  ) : null;
}

/** Short values stay whole (the card's narrow column would otherwise break them mid-word). */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** The alerts, one row each: name (with environment and since), severity, summary, state, links. */
export function AlertsTable({ alerts }: { alerts: PlacedAlert[] }) {
  return (
    <Table size="small" aria-label="Alerts">
      <TableHead>
        <TableRow style={NO_WRAP}>
          <TableCell>Alert</TableCell>
          <TableCell>Severity</TableCell>
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
                <Typography
                  variant="caption"
                  component="span"
                  color="textSecondary"
                  style={{ display: 'block', ...NO_WRAP }}
                >
                  {environment.name} · since{' '}
                  <time dateTime={alert.startsAt}>
                    {formatRelative(alert.startsAt)}
                  </time>
                </Typography>
              </TableCell>
              <TableCell style={NO_WRAP}>{alert.severity ?? 'none'}</TableCell>
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
              <TableCell style={NO_WRAP}>
                <AlertLink
                  url={alert.runbookUrl}
                  text="Runbook"
                  alert={alert.name}
                />{' '}
                <AlertLink
                  url={alert.generatorUrl}
                  text="Source"
                  alert={alert.name}
                />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
