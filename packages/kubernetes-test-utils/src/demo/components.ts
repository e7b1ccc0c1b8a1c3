/**
 * The reference app's example components (examples/entities.yaml): their
 * `backstage.io/kubernetes-id`, the environments of `paved.dev/environments` and the namespaces
 * `paved.dev/namespace-pattern` gives them.
 */
export interface DemoComponent {
  id: string;
  environments: string[];
  image: string;
  port: number;
}

export const demoComponents: DemoComponent[] = [
  {
    id: 'orders-api',
    environments: ['dev', 'staging', 'prod'],
    image: 'ghcr.io/paved-dev/orders-api:1.8.2',
    port: 8080,
  },
  {
    id: 'vision-inference',
    environments: ['staging', 'prod'],
    image: 'nvcr.io/nvidia/tritonserver:24.05-py3',
    port: 8000,
  },
  {
    id: 'billing-worker',
    environments: ['dev', 'prod'],
    image: 'ghcr.io/paved-dev/billing-worker:0.4.1',
    port: 9090,
  },
];

export const namespaceOf = (component: string, environment: string) =>
  `${component}-${environment}`;

/** Replicas per environment where no autoscaler says otherwise. */
export const replicasIn = (environment: string) =>
  ({ prod: 3, staging: 2 }[environment] ?? 1);
