/** Where one environment of the platform runs. */
interface PlatformEnvironment {
  /**
   * EKS cluster of the environment: the generated Terraform's `cluster_name`, whose OIDC
   * provider the service's IAM role trusts and whose VPC its database and cache join. Required
   * for a service with AWS resources (database, cache, bucket); other services default to
   * `paved-<env>`.
   * @visibility backend
   */
  eksCluster?: string;
  /**
   * Argo CD destination server of the same cluster (https URL of a cluster registered in Argo
   * CD). Defaults to `https://kubernetes.default.svc`, the cluster Argo CD runs in. Planning a
   * service with AWS resources fails when two environments on different EKS clusters share a
   * destination, or one cluster has two.
   * @visibility backend
   */
  argocdServer?: string;
  /**
   * AWS account of the environment, quoted (12 digits): the ARN of the service's IAM role in
   * the chart's values and `allowed_account_ids` of the environment's Terraform root. Required
   * for a service with AWS resources.
   * @visibility backend
   */
  awsAccountId?: string;
  /**
   * ARN of the KMS key (or alias) that encrypts the environment's Terraform state (`kms_key_id`
   * of the S3 backend). Defaults to none: the state is encrypted with the bucket's default.
   * @visibility backend
   */
  stateKmsKey?: string;
}

export interface Config {
  paved?: {
    /**
     * Local git hosting used by the `paved:publish:local` action and read back by the catalog
     * through this package's URL reader.
     */
    localGit?: {
      /**
       * Directory that holds the bare repositories, `<name>.git`, one per published component.
       * Relative paths resolve against the backend's working directory. Defaults to
       * `.paved/git`. Every repository in it is readable by anyone who may register catalog
       * locations.
       */
      directory?: string;
      /**
       * Limits of one read by the local git URL reader (`readUrl`, `readTree`, `search`), so
       * that one URL cannot make the backend load a whole large repository into memory. A read
       * over a limit fails with a `NotAllowedError` that names the key to raise.
       */
      reader?: {
        /**
         * Largest single file a read returns, in bytes. Defaults to 52428800 (50 MiB).
         */
        maxFileBytes?: number;
        /**
         * Most files (symbolic links included) below the directory a tree read or a glob search
         * lists, counted before any filter. Defaults to 10000.
         */
        maxTreeFiles?: number;
        /**
         * Largest sum of the sizes of the files one tree read or glob search returns, in
         * bytes. Defaults to 209715200 (200 MiB).
         */
        maxTreeBytes?: number;
      };
    };
    /** Settings of the Paved software templates. */
    templates?: {
      /**
       * DNS domains the ingress hosts of new services must be in: a host equal to one of them or
       * below it. Defaults to none, which allows any host. Either way a host another component
       * holds (`paved.dev/ingress-host`) is refused.
       */
      ingressDomains?: string[];
      /**
       * S3 bucket that generated services keep their Terraform state in, one key per component
       * and environment. Defaults to `paved-terraform-state`.
       */
      terraformStateBucket?: string;
      /**
       * AWS region of the Terraform state bucket (`region` of the S3 backend). Defaults to each
       * service's `awsRegion`.
       * @visibility backend
       */
      terraformStateRegion?: string;
      /**
       * Base URL of the platform's Grafana (for example `https://grafana.example.com`). Generated
       * catalog entries link to their service's dashboard there; without it they have no link.
       */
      grafanaUrl?: string;
      /**
       * How the platform routes outside traffic to services. Defaults to `Ingress` objects of the
       * `nginx` ingress class.
       * @visibility backend
       */
      ingress?: {
        /**
         * `Ingress` (networking.k8s.io/v1) or `HTTPRoute` (Gateway API,
         * gateway.networking.k8s.io/v1, attached to `gateway`). Defaults to `Ingress`.
         * @visibility backend
         */
        kind?: 'Ingress' | 'HTTPRoute';
        /**
         * `ingressClassName` of the generated Ingress objects. Defaults to `nginx`.
         * @visibility backend
         */
        className?: string;
        /**
         * The Gateway HTTPRoutes attach to (their `parentRefs`); required with `kind: HTTPRoute`.
         * TLS terminates at its listeners.
         * @visibility backend
         */
        gateway?: {
          /** @visibility backend */
          name: string;
          /** @visibility backend */
          namespace: string;
        };
      };
      /** GPU nodes of the platform. */
      gpu?: {
        /**
         * RuntimeClass of GPU pods (`runtimeClassName`), as the NVIDIA GPU operator installs it.
         * Defaults to `nvidia`; an empty string (`''`) leaves it out, for nodes whose default
         * container runtime is already NVIDIA's (Backstage drops `null` values, which keeps the
         * default).
         * @visibility backend
         */
        runtimeClassName?: string;
      };
      /** The platform's Prometheus operator. */
      prometheus?: {
        /**
         * Labels generated ServiceMonitors carry so that the Prometheus resource's
         * `serviceMonitorSelector` picks them up, for example `{release: kube-prometheus-stack}`
         * for the kube-prometheus-stack chart with its default selector. Defaults to none, for a
         * Prometheus that selects every ServiceMonitor.
         * @visibility backend
         */
        serviceMonitorLabels?: { [name: string]: string };
        /**
         * Whether a custom metrics adapter (prometheus-adapter) serves Pods metrics through
         * `custom.metrics.k8s.io`. Only then may a service scale on a custom metric
         * (`customMetricName`); without it planning refuses one. Defaults to false: the HPA scales
         * on CPU (and memory when asked).
         * @visibility backend
         */
        customMetricsAdapter?: boolean;
      };
      /**
       * Where each environment of the platform runs. Generated services take their EKS cluster,
       * Argo CD destination, IAM role ARN, allowed AWS account and state encryption from here.
       * A service with AWS resources needs `eksCluster` and `awsAccountId` in each of its
       * environments.
       */
      environments?: {
        dev?: PlatformEnvironment;
        staging?: PlatformEnvironment;
        prod?: PlatformEnvironment;
      };
    };
  };
}
