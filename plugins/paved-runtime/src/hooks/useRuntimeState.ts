import { getCompoundEntityRef } from '@backstage/catalog-model';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { RuntimeState } from '@paved/plugin-paved-runtime-common';
import { useEffect, useState } from 'react';
import { pavedRuntimeApiRef } from '../api/PavedRuntimeApi';

/** Default of `paved.runtime.refreshIntervalSeconds`. */
const DEFAULT_REFRESH_INTERVAL_SECONDS = 30;

/** The last answer, and the error of the last read when it failed. */
export interface RuntimeStateResult {
  state?: RuntimeState;
  error?: Error;
  loading: boolean;
}

/**
 * The current entity's runtime state, read again every `paved.runtime.refreshIntervalSeconds`.
 * A refresh replaces the data in place (never back to a loading state), so open panels and
 * the scroll position stay; a failed refresh keeps the last answer beside the error.
 */
export function useRuntimeState(): RuntimeStateResult {
  const { entity } = useEntity();
  const api = useApi(pavedRuntimeApiRef);
  const refreshSeconds =
    useApi(configApiRef).getOptionalNumber(
      'paved.runtime.refreshIntervalSeconds',
    ) ?? DEFAULT_REFRESH_INTERVAL_SECONDS;
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  const [result, setResult] = useState<RuntimeStateResult>({ loading: true });

  useEffect(() => {
    let active = true;
    const read = () =>
      api.getRuntimeState({ kind, namespace, name }).then(
        state => active && setResult({ state, loading: false }),
        error =>
          active && setResult(last => ({ ...last, error, loading: false })),
      );
    setResult({ loading: true });
    read();
    const timer =
      refreshSeconds > 0 ? setInterval(read, refreshSeconds * 1000) : undefined;
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, [api, kind, namespace, name, refreshSeconds]);

  return result;
}
