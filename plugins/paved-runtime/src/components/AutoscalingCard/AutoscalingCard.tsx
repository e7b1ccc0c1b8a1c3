import { TrendLine } from '@backstage/core-components';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import {
  RuntimeEnvironment,
  RuntimeHpa,
} from '@paved/plugin-paved-runtime-common';
import { formatRelative } from '../../format';
import { EmptyNote } from '../shared/EmptyNote';
import { RuntimeCard } from '../shared/RuntimeCard';
import { HpaConditions, conditionLevel } from './HpaConditions';
import { HpaMetrics } from './HpaMetrics';
import { ReplicaBar } from './ReplicaBar';

function HpaPanel(props: { environment: RuntimeEnvironment; hpa: RuntimeHpa }) {
  const { environment, hpa } = props;
  const troubled = hpa.conditions.some(c => conditionLevel(c) !== 'ok');
  const id = `hpa-${environment.cluster}-${environment.namespace}-${hpa.name}`;
  return (
    <Accordion defaultExpanded>
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        aria-controls={`${id}-content`}
        id={`${id}-header`}
      >
        <Typography variant="subtitle2" component="h3">
          {environment.name} · {hpa.name} → {hpa.target.kind}/{hpa.target.name}
        </Typography>
        {hpa.atMax && (
          <Chip
            size="small"
            color="secondary"
            label="At max"
            style={{ marginLeft: 8 }}
          />
        )}
        {troubled && (
          <Chip
            size="small"
            label="Needs attention"
            variant="outlined"
            style={{ marginLeft: 8 }}
          />
        )}
      </AccordionSummary>
      <AccordionDetails
        id={`${id}-content`}
        style={{ display: 'block' }}
        role="region"
        aria-labelledby={`${id}-header`}
      >
        <ReplicaBar hpa={hpa} />
        <Typography variant="body2">
          Last scaled {formatRelative(hpa.lastScaleTime)}
        </Typography>
        {hpa.history.length > 1 && (
          <div aria-label="Replica history" role="img">
            <TrendLine
              title={`Replica history of ${hpa.name} in ${environment.name}`}
              data={hpa.history.map(h => h.replicas)}
              max={hpa.maxReplicas}
            />
          </div>
        )}
        <HpaMetrics metrics={hpa.metrics} />
        <HpaConditions conditions={hpa.conditions} />
      </AccordionDetails>
    </Accordion>
  );
}

/** Per environment and HorizontalPodAutoscaler: replicas, metrics, conditions, history. @public */
export function AutoscalingCard() {
  return (
    <RuntimeCard title="Autoscaling" sources={['kubernetes', 'prometheus']}>
      {state => {
        const panels = state.environments.flatMap(environment =>
          environment.hpas.map(hpa => (
            <HpaPanel
              key={`${environment.cluster}/${environment.namespace}/${hpa.name}`}
              environment={environment}
              hpa={hpa}
            />
          )),
        );
        return panels.length ? (
          panels
        ) : (
          <EmptyNote>
            No HorizontalPodAutoscaler in{' '}
            {state.environments.map(e => e.name).join(', ')}: replicas are fixed
            by the Deployments.
          </EmptyNote>
        );
      }}
    </RuntimeCard>
  );
}
