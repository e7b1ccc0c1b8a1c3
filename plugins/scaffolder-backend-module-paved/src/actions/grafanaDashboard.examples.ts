import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Write the service's dashboard where its chart loads it (charts/<name>/dashboards/<name>-overview.json)",
    example: yaml.stringify({
      steps: [
        {
          id: 'dashboard',
          action: 'paved:grafana:dashboard',
          name: 'Generate the Grafana dashboard',
          input: { values: '${{ steps.plan.output.values }}' },
        },
      ],
    }),
  },
  {
    description: 'Write the dashboard to a path of your choice',
    example: yaml.stringify({
      steps: [
        {
          id: 'dashboard',
          action: 'paved:grafana:dashboard',
          input: {
            values: '${{ steps.plan.output.values }}',
            path: 'dashboards/overview.json',
          },
        },
      ],
    }),
  },
];
