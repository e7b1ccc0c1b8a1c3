import { RuntimeHpaCondition } from '@paved/plugin-paved-runtime-common';
import { StatusText } from '../shared/StatusText';

/** `ScalingLimited` true is a warning; `AbleToScale` or `ScalingActive` false (failed metrics) an error. */
export function conditionLevel(
  condition: RuntimeHpaCondition,
): 'ok' | 'warning' | 'error' {
  if (condition.type === 'ScalingLimited') {
    return condition.status === 'True' ? 'warning' : 'ok';
  }
  return condition.status === 'False' ? 'error' : 'ok';
}

export function HpaConditions(props: { conditions: RuntimeHpaCondition[] }) {
  return (
    <ul aria-label="Conditions" style={{ paddingLeft: 0, listStyle: 'none' }}>
      {props.conditions.map(condition => {
        const level = conditionLevel(condition);
        return (
          <li key={condition.type}>
            <StatusText level={level}>
              {level === 'ok' ? (
                <>
                  {condition.type} {condition.status}: {condition.reason}
                </>
              ) : (
                <strong>
                  {condition.type} {condition.status}: {condition.reason}
                </strong>
              )}
            </StatusText>{' '}
            <span>{condition.message}</span>
          </li>
        );
      })}
    </ul>
  );
}
