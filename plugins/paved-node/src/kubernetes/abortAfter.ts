import {
  ConfigurationOptions,
  setHeaderOptions,
} from '@kubernetes/client-node';

/**
 * Per-call options for the typed `@kubernetes/client-node` APIs that abort the call after `ms`;
 * the client has no timeout of its own and a hanging cluster would hold the request forever:
 * `core.listNamespacedPod({ namespace }, abortAfter(500))`.
 *
 * @public
 */
export function abortAfter(ms: number): ConfigurationOptions {
  // setHeaderOptions is the client's exported way to build a middleware of its Observable type.
  const options = setHeaderOptions('X-Paved-Timeout-Ms', String(ms));
  const [header] = options.middleware ?? [];
  return {
    ...options,
    middleware: [
      {
        pre: context => {
          context.setSignal(AbortSignal.timeout(ms));
          return header.pre(context);
        },
        post: response => header.post(response),
      },
    ],
  };
}
