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
 *
 * `loaded` gives the view when its chunk has already arrived (the plugin preloads it): then it
 * renders at once, without suspending. A lazy component suspends on its first render even when
 * its code is there, and React reveals a resolved boundary only in a later commit, which it
 * holds back while other boundaries of the page are still loading.
 */
export function prefetchingView(
  load: () => Promise<ComponentType<{}>>,
  loaded: () => ComponentType<{}> | undefined = () => undefined,
): () => JSX.Element {
  const LazyView = lazy(() => load().then(view => ({ default: view })));
  return function PrefetchingView() {
    const { entity } = useEntity();
    const api = useApi(pavedRuntimeApiRef);
    // During render, not in an effect: the lazy view suspends this subtree, and a suspended
    // subtree's effects run only after the chunk has arrived.
    useState(() =>
      api.getRuntimeState(getCompoundEntityRef(entity)).catch(() => undefined),
    );
    // Chosen once: switching from the lazy to the loaded component would remount the view.
    const [View] = useState(() => loaded() ?? LazyView);
    return <View />;
  };
}
