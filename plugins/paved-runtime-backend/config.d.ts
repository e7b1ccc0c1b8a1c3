export interface Config {
  paved?: {
    runtime?: {
      /**
       * Timeout of every upstream call (Kubernetes, Prometheus, Alertmanager), in milliseconds.
       * Default 5000.
       * @visibility backend
       */
      timeoutMs?: number;
      /**
       * How long an answer of one source for one entity is reused, in seconds. Default 15.
       * @visibility backend
       */
      cacheTtlSeconds?: number;
      /**
       * How long the catalog's answer to "may this caller read this entity" is reused for the
       * same caller and entity, in seconds. Default 5; 0 reads the catalog on every request.
       * @visibility backend
       */
      entityCacheSeconds?: number;
      /**
       * Per cluster, by the name it has in kubernetes.clusterLocatorMethods.
       * @visibility backend
       */
      clusters?: {
        [clusterName: string]: {
          /**
           * Environment name of a namespace without the paved.dev/environment label.
           * @visibility backend
           */
          environment?: string;
          /**
           * Marks the cluster as the local demo cluster.
           * @visibility backend
           */
          demo?: boolean;
          /** @visibility backend */
          prometheus?: {
            /** @visibility backend */
            url: string;
            /**
             * Headers sent with every request, e.g. Authorization.
             * @visibility secret
             */
            headers?: { [name: string]: string };
          };
          /** @visibility backend */
          alertmanager?: {
            /** @visibility backend */
            url: string;
            /**
             * Headers sent with every request, e.g. Authorization.
             * @visibility secret
             */
            headers?: { [name: string]: string };
          };
        };
      };
    };
  };
}
