import { useEffect } from 'react';
import { loadRuntimeViews } from './lazyViews';

/**
 * Rendered at the app's root: starts fetching the cards' chunk once the app has started, so that
 * an entity page finds it loaded (or at the head of the queue) instead of requesting it behind
 * the page's own lazy chunks. The chunk stays out of the up-front bundle.
 */
export function RuntimeViewsPreloader(): null {
  useEffect(() => {
    // A failure shows where the views render, which load the chunk again.
    loadRuntimeViews().catch(() => undefined);
  }, []);
  return null;
}
