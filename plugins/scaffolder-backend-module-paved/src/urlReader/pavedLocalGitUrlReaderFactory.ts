import { createServiceFactory } from '@backstage/backend-plugin-api';
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import { localGitDirectoryServiceRef } from '../localGit/localGitDirectoryServiceRef';
import { LocalGitUrlReader } from './LocalGitUrlReader';

/**
 * Adds {@link LocalGitUrlReader} to every plugin's `UrlReaderService`, so the catalog (and
 * TechDocs, the scaffolder's fetch actions) can read what `paved:publish:local` published: the
 * reader and the actions share the one `localGitDirectoryServiceRef`.
 *
 * @public
 */
export const pavedLocalGitUrlReaderFactory = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: { directory: localGitDirectoryServiceRef },
  async factory({ directory }) {
    return LocalGitUrlReader.readerFactory(directory);
  },
});
