import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Wait up to ten minutes for the preview to be deployed',
    example: yaml.stringify({
      steps: [
        {
          id: 'wait',
          action: 'paved:argocd:wait',
          name: 'Wait for Argo CD',
          input: {
            cluster: 'demo',
            application: 'orders-api-pr-42',
            timeoutSeconds: 600,
          },
        },
      ],
    }),
  },
];
