import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { RuntimeHpa } from '@paved/plugin-paved-runtime-common';

/** Current and desired replicas on the HPA's min–max range; the bar turns to the secondary colour at max. */
export function ReplicaBar({ hpa }: { hpa: RuntimeHpa }) {
  const { minReplicas, maxReplicas, currentReplicas, desiredReplicas } = hpa;
  const span = Math.max(maxReplicas - minReplicas, 1);
  const percent = (n: number) =>
    Math.min(100, Math.max(0, ((n - minReplicas) / span) * 100));
  const label = `${currentReplicas} of ${minReplicas} to ${maxReplicas} replicas, ${desiredReplicas} desired${
    hpa.atMax ? ', at maximum' : ''
  }`;
  return (
    <div>
      <Typography variant="body2" component="p">
        <strong>{currentReplicas}</strong> current ·{' '}
        <strong>{desiredReplicas}</strong> desired · min {minReplicas} · max{' '}
        {maxReplicas}
      </Typography>
      <LinearProgress
        variant="buffer"
        value={percent(currentReplicas)}
        valueBuffer={percent(desiredReplicas)}
        color={hpa.atMax ? 'secondary' : 'primary'}
        aria-label={label}
        aria-valuemin={minReplicas}
        aria-valuemax={maxReplicas}
        aria-valuenow={currentReplicas}
        aria-valuetext={label}
      />
    </div>
  );
}
