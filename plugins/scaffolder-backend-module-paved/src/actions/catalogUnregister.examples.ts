import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Unregister a service the user owns, with every entity of its catalog location',
    example: yaml.stringify({
      steps: [
        {
          id: 'unregister',
          action: 'paved:catalog:unregister',
          name: 'Unregister the service',
          input: { entityRef: 'component:default/orders-api' },
        },
      ],
    }),
  },
];
