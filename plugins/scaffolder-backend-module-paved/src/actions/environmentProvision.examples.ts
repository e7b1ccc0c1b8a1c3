import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Provision a preview of orders-api on the demo cluster for three days, with two GPUs',
    example: yaml.stringify({
      steps: [
        {
          id: 'provision',
          action: 'paved:environment:provision',
          name: 'Provision the preview',
          input: {
            entityRef: 'component:default/orders-api',
            environment: 'pr-42',
            cluster: 'demo',
            ttl: '72h',
            gpu: { 'nvidia.com/gpu': 2 },
          },
        },
      ],
    }),
  },
];
