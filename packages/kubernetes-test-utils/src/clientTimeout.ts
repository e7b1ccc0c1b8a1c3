import {
  ConfigurationOptions,
  setHeaderOptions,
} from '@kubernetes/client-node';

/**
 * Per-call options for `@kubernetes/client-node` typed APIs that abort the request after `ms`
 * (the client has no timeout of its own): `core.listNamespacedPod({namespace}, clientTimeout(500))`.
 */
export function clientTimeout(ms: number): ConfigurationOptions {
  // setHeaderOptions is the client's one exported way to build a middleware of its own Observable type.
  const options = setHeaderOptions('X-Client-Timeout-Ms', String(ms));
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
