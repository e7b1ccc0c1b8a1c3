import { Entity } from '@backstage/catalog-model';
import { Content } from '@backstage/core-components';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  RuntimeEnvironment,
  RuntimeState,
} from '@paved/plugin-paved-runtime-common';
import { ComponentType } from 'react';
import { formatRelative } from '../../format';
import { RuntimeCard } from '../shared/RuntimeCard';
import { AlertsCell, ArgoCdCell, GpuCell, ReplicasCell } from './matrixCells';
import {
  EXPIRES_AT_ANNOTATION,
  environmentEntityRef,
  useEnvironmentEntities,
} from './useEnvironmentEntities';

const ROWS: {
  label: string;
  Cell: ComponentType<{ environment: RuntimeEnvironment }>;
}[] = [
  { label: 'Argo CD sync / health', Cell: ArgoCdCell },
  { label: 'Replicas (min–max)', Cell: ReplicasCell },
  { label: 'GPUs in use / quota', Cell: GpuCell },
  { label: 'Firing alerts', Cell: AlertsCell },
];

function EnvironmentHeader(props: {
  environment: RuntimeEnvironment;
  entity?: Entity;
}) {
  const { environment, entity } = props;
  const expiresAt = entity?.metadata.annotations?.[EXPIRES_AT_ANNOTATION];
  return (
    <TableCell component="th" scope="col">
      {entity ? (
        <EntityRefLink entityRef={entity} title={environment.name} />
      ) : (
        environment.name
      )}
      <div>
        <small>
          {environment.cluster} / {environment.namespace}
        </small>
      </div>
      {expiresAt && (
        <div>
          <small>
            expires{' '}
            <time dateTime={expiresAt}>{formatRelative(expiresAt)}</time>
          </small>
        </div>
      )}
    </TableCell>
  );
}

function Matrix({ state }: { state: RuntimeState }) {
  const entities = useEnvironmentEntities(state.environments);
  return (
    <TableContainer component={Paper}>
      <Table aria-label="Runtime state per environment">
        <TableHead>
          <TableRow>
            <TableCell component="th" scope="col">
              Environment
            </TableCell>
            {state.environments.map(environment => (
              <EnvironmentHeader
                key={`${environment.cluster}/${environment.namespace}`}
                environment={environment}
                entity={entities.get(environmentEntityRef(environment))}
              />
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {ROWS.map(({ label, Cell }) => (
            <TableRow key={label}>
              <TableCell component="th" scope="row" role="rowheader">
                {label}
              </TableCell>
              {state.environments.map(environment => (
                <TableCell
                  key={`${environment.cluster}/${environment.namespace}`}
                >
                  <Cell environment={environment} />
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/** The Runtime tab: one column per environment with Argo CD, replicas, GPUs and alerts. @public */
export function RuntimeContent() {
  return (
    <Content>
      <RuntimeCard
        title="Runtime per environment"
        sources={['kubernetes', 'prometheus', 'alertmanager', 'argocd']}
      >
        {state => <Matrix state={state} />}
      </RuntimeCard>
    </Content>
  );
}
