import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Delete the preview of a pull request',
    example: yaml.stringify({
      steps: [
        {
          id: 'teardown',
          action: 'paved:environment:teardown',
          name: 'Delete the preview',
          input: {
            entityRef: 'component:default/orders-api',
            environment: 'pr-42',
            cluster: 'demo',
          },
        },
      ],
    }),
  },
  {
    description:
      'Delete production, which needs the namespace typed as confirmation',
    example: yaml.stringify({
      steps: [
        {
          id: 'teardown',
          action: 'paved:environment:teardown',
          name: 'Delete production',
          input: {
            entityRef: 'component:default/orders-api',
            environment: 'prod',
            cluster: 'demo',
            confirm: 'orders-api-prod',
          },
        },
      ],
    }),
  },
];
