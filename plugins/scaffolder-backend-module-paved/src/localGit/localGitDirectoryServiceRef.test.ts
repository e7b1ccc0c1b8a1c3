import {
  createBackendPlugin,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { LocalGitDirectory } from './LocalGitDirectory';
import { localGitDirectoryServiceRef } from './localGitDirectoryServiceRef';

describe('localGitDirectoryServiceRef', () => {
  it('reads paved.localGit.directory once and gives every plugin the same directory', async () => {
    const seen: LocalGitDirectory[] = [];
    const fromConfig = jest.spyOn(LocalGitDirectory, 'fromConfig');
    const probe = (pluginId: string) =>
      createBackendPlugin({
        pluginId,
        register(reg) {
          reg.registerInit({
            deps: { directory: localGitDirectoryServiceRef },
            async init({ directory }) {
              seen.push(directory);
            },
          });
        },
      });
    const probeModule = createBackendModule({
      pluginId: 'first',
      moduleId: 'probe',
      register(reg) {
        reg.registerInit({
          deps: { directory: localGitDirectoryServiceRef },
          async init({ directory }) {
            seen.push(directory);
          },
        });
      },
    });

    await startTestBackend({
      features: [
        probe('first'),
        probeModule,
        probe('second'),
        mockServices.rootConfig.factory({
          data: { paved: { localGit: { directory: '/srv/paved/git' } } },
        }),
      ],
    });

    expect(seen).toHaveLength(3);
    expect(seen[0].root).toBe('/srv/paved/git');
    expect(new Set(seen).size).toBe(1);
    expect(fromConfig).toHaveBeenCalledTimes(1);
  });
});
