import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Apply the manifests of the workspace folder seed/ into the staging environment',
    example: yaml.stringify({
      steps: [
        {
          id: 'apply',
          action: 'paved:kubernetes:apply',
          name: 'Apply the seed data',
          input: {
            entityRef: 'component:default/orders-api',
            environment: 'staging',
            cluster: 'demo',
            path: 'seed',
          },
        },
      ],
    }),
  },
];
