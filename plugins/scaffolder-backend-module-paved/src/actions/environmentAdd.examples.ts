import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Add staging to a service whose repository is checked out into the workspace',
    example: yaml.stringify({
      steps: [
        {
          id: 'add',
          action: 'paved:environment:add',
          name: 'Plan the new environment',
          input: {
            entityRef: 'component:default/orders-api',
            environment: 'staging',
          },
        },
      ],
    }),
  },
];
