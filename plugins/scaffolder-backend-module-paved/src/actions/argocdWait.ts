import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { EnvironmentProvisioner } from '@paved/plugin-paved-node';
import { examples } from './argocdWait.examples';

/**
 * `paved:argocd:wait` waits until an Argo CD Application is Synced and Healthy, logging each
 * status it sees; past the timeout the step fails with the last status.
 *
 * @public
 */
export function createArgocdWaitAction(options: {
  provisioner: EnvironmentProvisioner;
}) {
  const { provisioner } = options;
  return createTemplateAction({
    id: 'paved:argocd:wait',
    description:
      'Waits until an Argo CD Application is Synced and Healthy, or fails with its last status',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: z =>
          z.string().max(253).describe('The cluster Argo CD runs in'),
        application: z =>
          z
            .string()
            .max(253)
            .describe('The Application, e.g. orders-api-pr-42'),
        timeoutSeconds: z => z.number().int().min(1).max(3600).default(300),
        intervalSeconds: z => z.number().int().min(1).max(60).default(5),
      },
      output: {
        sync: z => z.string().describe('Argo CD’s sync status'),
        health: z => z.string().describe('Argo CD’s health status'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      if (ctx.isDryRun) {
        ctx.logger.info(`Would wait for Application ${input.application}`);
        return;
      }
      const status = await provisioner.waitForApplication(
        {
          cluster: input.cluster,
          application: input.application,
          timeoutMs: input.timeoutSeconds * 1000,
          intervalMs: input.intervalSeconds * 1000,
        },
        { progress: line => ctx.logger.info(line) },
      );
      ctx.output('sync', status.sync);
      ctx.output('health', status.health);
    },
  });
}
