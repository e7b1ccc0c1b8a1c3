import { createServiceFactory } from '@backstage/backend-plugin-api';
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import { LocalGitUrlReader } from './LocalGitUrlReader';

/**
 * Adds {@link LocalGitUrlReader} to every plugin's `UrlReaderService`, so the catalog (and
 * TechDocs, the scaffolder's fetch actions) can read what `paved:publish:local` published.
 *
 * @public
 */
export const pavedLocalGitUrlReaderFactory = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return LocalGitUrlReader.factory;
  },
});
