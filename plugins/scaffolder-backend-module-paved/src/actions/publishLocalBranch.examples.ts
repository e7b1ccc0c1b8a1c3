import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Check out a component's local repository, change it and propose the change on a new branch",
    example: yaml.stringify({
      steps: [
        {
          id: 'checkout',
          action: 'fetch:plain',
          name: 'Check out the repository',
          input: {
            url: 'file:///srv/backstage/.paved/git/hello-service.git/tree/main/',
          },
        },
        {
          id: 'publish',
          action: 'paved:publish:local:branch',
          name: 'Propose the change on a branch',
          input: {
            entityRef: 'component:default/hello-service',
            branchName: 'add-staging',
            commitMessage: 'Add the staging environment',
          },
        },
      ],
      output: {
        links: [
          {
            title: 'Proposed branch',
            url: '${{ steps.publish.output.branchUrl }}',
          },
        ],
      },
    }),
  },
  {
    description:
      'Propose a subdirectory of the workspace on top of a `release` branch with a custom author',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'paved:publish:local:branch',
          name: 'Propose the change on a branch',
          input: {
            entityRef: 'component:default/billing-api',
            branchName: 'bump-chart-1.2.0',
            baseBranch: 'release',
            sourcePath: 'service',
            commitMessage: 'Bump the chart to 1.2.0',
            gitAuthorName: 'Platform Team',
            gitAuthorEmail: 'platform@example.com',
          },
        },
      ],
    }),
  },
];
