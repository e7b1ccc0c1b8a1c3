import { ServiceUnavailableError } from '@backstage/errors';
import { ClusterConnection } from './ClusterConnection';

/** What Argo CD last reported for an Application. @public */
export interface ApplicationStatus {
  sync: string;
  health: string;
  message?: string;
}

/**
 * Polls an Argo CD Application until it is Synced and Healthy; past the deadline it fails with
 * the last status seen.
 */
export async function waitForApplication(
  connection: ClusterConnection,
  target: { name: string; namespace: string },
  options: {
    timeoutMs: number;
    intervalMs: number;
    progress: (message: string) => void;
  },
): Promise<ApplicationStatus> {
  const deadline = Date.now() + options.timeoutMs;
  let last: ApplicationStatus = { sync: 'Unknown', health: 'Missing' };
  for (;;) {
    const app = (await connection.read({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: target,
    })) as
      | {
          status?: {
            sync?: { status?: string };
            health?: { status?: string; message?: string };
            operationState?: { message?: string };
          };
        }
      | undefined;
    const status = app?.status;
    last = {
      sync: status?.sync?.status ?? 'Unknown',
      health: app ? status?.health?.status ?? 'Unknown' : 'Missing',
      message: status?.health?.message ?? status?.operationState?.message,
    };
    options.progress(
      `Application ${target.name}: ${last.sync}, ${last.health}${
        last.message ? ` (${last.message})` : ''
      }`,
    );
    if (last.sync === 'Synced' && last.health === 'Healthy') {
      return last;
    }
    if (Date.now() + options.intervalMs > deadline) {
      throw new ServiceUnavailableError(
        `Application ${target.name} on cluster ${
          connection.name
        } was not Synced and Healthy within ${Math.round(
          options.timeoutMs / 1000,
        )} s; last status: ${last.sync}, ${last.health}${
          last.message ? ` (${last.message})` : ''
        }`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, options.intervalMs));
  }
}
