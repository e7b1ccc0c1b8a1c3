export interface Config {
  paved?: {
    /** Platform settings of the environments Paved provisions (namespaces, quotas, access). */
    environments?: {
      /**
       * Namespaces whose pods may reach every environment's pods (the ingress controller's).
       * @visibility backend
       */
      ingressNamespaces?: string[];
      /**
       * Namespaces whose pods may reach every environment's pods to scrape metrics.
       * @visibility backend
       */
      monitoringNamespaces?: string[];
      /**
       * The cluster DNS's namespace, the one egress every environment gets.
       * @visibility backend
       */
      dnsNamespace?: string;
      /**
       * The ClusterRole bound to the owning group in its namespace (default `edit`).
       * @visibility backend
       */
      clusterRole?: string;
      /**
       * The namespace of Argo CD Applications (default `argocd`).
       * @visibility backend
       */
      argocdNamespace?: string;
      /**
       * Default quota of an environment: Kubernetes quantities.
       * @visibility backend
       */
      quota?: { cpu?: string; memory?: string; pods?: string };
      /**
       * LimitRange defaults of containers: Kubernetes quantities.
       * @visibility backend
       */
      containerDefaults?: {
        cpuRequest?: string;
        memoryRequest?: string;
        cpuLimit?: string;
        memoryLimit?: string;
      };
      /**
       * Longest time one Kubernetes API call may take, in milliseconds (default 10000).
       * @visibility backend
       */
      requestTimeoutMs?: number;
    };
  };
}
