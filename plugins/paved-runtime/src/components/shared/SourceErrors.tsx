import { WarningPanel } from '@backstage/core-components';
import { RuntimeError } from '@paved/plugin-paved-runtime-common';
import { formatRelative } from '../../format';

/**
 * The sources that could not be read, named with their cluster; what was read still renders
 * below. A failed refresh shows the request's error and how old the data on screen is.
 */
export function SourceErrors(props: {
  errors: RuntimeError[];
  requestError?: Error;
  lastRead?: string;
}) {
  const { errors, requestError, lastRead } = props;
  if (!errors.length && !requestError) {
    return null;
  }
  const title = requestError
    ? `Refresh failed; showing data from ${formatRelative(lastRead ?? null)}`
    : `${errors.length} source${
        errors.length > 1 ? 's' : ''
      } could not be read`;
  return (
    <WarningPanel severity="warning" title={title}>
      <ul aria-label="Source errors">
        {requestError && <li>{requestError.message}</li>}
        {errors.map(e => (
          <li key={`${e.source}/${e.cluster}/${e.kind}`}>
            <strong>
              {e.source} ({e.cluster}): {e.kind}
            </strong>{' '}
            — {e.message}
          </li>
        ))}
      </ul>
    </WarningPanel>
  );
}
