import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { LocalGitDirectory } from './LocalGitDirectory';

/**
 * The one {@link LocalGitDirectory} of the backend, read from `paved.localGit.directory` once and
 * shared by the scaffolder actions that publish and the URL reader every plugin reads back with.
 *
 * @remarks
 *
 * Root-scoped, with a default factory: installing the package is enough. Replace it with
 * `createServiceFactory({ service: localGitDirectoryServiceRef, ... })` to place the
 * repositories somewhere config does not say.
 *
 * @public
 */
export const localGitDirectoryServiceRef = createServiceRef<LocalGitDirectory>({
  id: 'paved.localGit.directory',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory: ({ config }) => LocalGitDirectory.fromConfig(config),
    }),
});
