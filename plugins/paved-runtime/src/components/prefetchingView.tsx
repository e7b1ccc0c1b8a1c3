import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ComponentType, lazy, useState } from 'react';
import { pavedRuntimeApiRef } from '../api/PavedRuntimeApi';

/**
 * A card or tab whose code loads lazily while its data is already on the way: the returned
 * component (small, in the app's up-front bundle) starts the entity's runtime read on its first
 * render, then renders the lazily loaded view, which gets the same answer from the client.
 * Without it the read would start only after the view's chunk has loaded and rendered.
 */
export function prefetchingView(
  load: () => Promise<ComponentType<{}>>,
): () => JSX.Element {
  const View = lazy(() => load().then(view => ({ default: view })));
  return function PrefetchingView() {
    const { entity } = useEntity();
    const api = useApi(pavedRuntimeApiRef);
    // During render, not in an effect: the lazy view suspends this subtree, and a suspended
    // subtree's effects run only after the chunk has arrived.
    useState(() =>
      api.getRuntimeState(getCompoundEntityRef(entity)).catch(() => undefined),
    );
    return <View />;
  };
}
