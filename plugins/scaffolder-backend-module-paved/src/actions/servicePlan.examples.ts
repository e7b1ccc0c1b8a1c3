import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Plan a service from the template parameters',
    example: yaml.stringify({
      steps: [
        {
          id: 'plan',
          action: 'paved:service:plan',
          name: 'Validate the parameters and plan the service',
          input: { parameters: '${{ parameters }}' },
        },
      ],
    }),
  },
  {
    description: 'Plan a GPU inference service on MIG slices of H100s',
    example: yaml.stringify({
      steps: [
        {
          id: 'plan',
          action: 'paved:service:plan',
          input: {
            parameters: {
              name: 'vision-inference',
              description: 'Image classification',
              owner: 'group:default/ml-team',
              image: 'ghcr.io/acme/vision-inference',
              port: 8080,
              environments: ['staging', 'prod'],
              gpuMode: 'mig',
              migProfile: '1g.10gb',
              gpuProduct: 'NVIDIA-H100-80GB-HBM3',
            },
          },
        },
      ],
    }),
  },
];
