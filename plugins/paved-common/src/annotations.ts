/**
 * Entity annotations the Paved plugins read and the Paved templates write.
 *
 * @public
 */
export const PAVED_ANNOTATIONS = {
  /** Comma separated environments the component is deployed to, e.g. `dev,staging,prod`. */
  environments: 'paved.dev/environments',
  /** Kubernetes namespace pattern, `{env}` is replaced by the environment name. */
  namespacePattern: 'paved.dev/namespace-pattern',
  /** Label selector the runtime plugins use to find the component's alerts. */
  alertSelector: 'paved.dev/alert-selector',
  /** `true` when the component schedules GPUs. */
  gpu: 'paved.dev/gpu',
  /**
   * The ingress host the component claims; its non-production environments serve
   * `<env>.<host>`. New services may not take a host another component holds.
   */
  ingressHost: 'paved.dev/ingress-host',
} as const;

/**
 * Environments Paved knows about, in promotion order.
 *
 * @public
 */
export const PAVED_ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

/**
 * One of {@link PAVED_ENVIRONMENTS}.
 *
 * @public
 */
export type PavedEnvironment = (typeof PAVED_ENVIRONMENTS)[number];
