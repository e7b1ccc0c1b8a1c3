import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish the workspace to a local repository and register it in the catalog',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'paved:publish:local',
          name: 'Publish to a local repository',
          input: { repoName: 'hello-service' },
        },
        {
          id: 'register',
          action: 'catalog:register',
          name: 'Register in the catalog',
          input: {
            catalogInfoUrl: '${{ steps.publish.output.catalogInfoUrl }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Publish a subdirectory of the workspace on a `trunk` branch with a custom commit',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'paved:publish:local',
          name: 'Publish the service folder',
          input: {
            repoName: 'billing-api',
            sourcePath: 'service',
            defaultBranch: 'trunk',
            commitMessage: 'Create billing-api from the Paved template',
            gitAuthorName: 'Platform Team',
            gitAuthorEmail: 'platform@example.com',
            catalogInfoPath: '/catalog/component.yaml',
          },
        },
      ],
    }),
  },
];
