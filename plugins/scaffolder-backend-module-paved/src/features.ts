import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { scaffolderModulePaved } from './module';
import { pavedLocalGitUrlReaderFactory } from './urlReader/pavedLocalGitUrlReaderFactory';

/**
 * Everything this package provides in one feature: the scaffolder actions and the reader for the
 * local repositories' URLs. It is the package's default export, so
 * `backend.add(import('@paved/plugin-scaffolder-backend-module-paved'))` installs both.
 *
 * @public
 */
export const pavedScaffolderFeatures = createBackendFeatureLoader({
  loader() {
    return [scaffolderModulePaved, pavedLocalGitUrlReaderFactory];
  },
});
