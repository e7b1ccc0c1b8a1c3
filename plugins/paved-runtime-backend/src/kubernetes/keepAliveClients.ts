import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  ServerConfiguration,
  createConfiguration,
} from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';

export interface KubernetesClients {
  core: CoreV1Api;
  apps: AppsV1Api;
  autoscaling: AutoscalingV2Api;
  custom: CustomObjectsApi;
}

/**
 * One agent per cluster that keeps its connections open. The client's own authentication makes a
 * new agent for every call, so every read of a request would open (and, on https, handshake) a
 * connection of its own; with this one a request's parallel reads reuse warm connections.
 * Undefined for a cluster behind a proxy, which keeps the client's proxy agent.
 */
async function keepAliveAgent(
  kubeConfig: KubeConfig,
): Promise<http.Agent | undefined> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster || cluster.proxyUrl) return undefined;
  if (cluster.server.startsWith('http:')) {
    return new http.Agent({ keepAlive: true });
  }
  // The TLS settings (CA, client certificate, skipTLSVerify) the client would use.
  const tls: https.RequestOptions = {};
  try {
    await kubeConfig.applyToHTTPSOptions(tls);
  } catch {
    // Credentials that cannot be read now fail each call, where the answer names them.
    return undefined;
  }
  return new https.Agent({
    keepAlive: true,
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key,
    pfx: tls.pfx,
    passphrase: tls.passphrase,
    rejectUnauthorized: tls.rejectUnauthorized,
  });
}

/** The typed APIs of the cluster `kubeConfig` names, authenticated by it, on a keep-alive agent. */
export async function keepAliveClients(
  kubeConfig: KubeConfig,
): Promise<KubernetesClients> {
  const cluster = kubeConfig.getCurrentCluster();
  const agent = await keepAliveAgent(kubeConfig);
  if (!cluster || !agent) {
    return {
      core: kubeConfig.makeApiClient(CoreV1Api),
      apps: kubeConfig.makeApiClient(AppsV1Api),
      autoscaling: kubeConfig.makeApiClient(AutoscalingV2Api),
      custom: kubeConfig.makeApiClient(CustomObjectsApi),
    };
  }
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kubeConfig },
    promiseMiddleware: [
      {
        // Runs after the authentication has set its own, fresh agent.
        pre: async context => {
          context.setAgent(agent);
          return context;
        },
        post: async response => response,
      },
    ],
  });
  return {
    core: new CoreV1Api(configuration),
    apps: new AppsV1Api(configuration),
    autoscaling: new AutoscalingV2Api(configuration),
    custom: new CustomObjectsApi(configuration),
  };
}
