import {
  IdentityProviders,
  SignInProviderConfig,
} from '@backstage/core-components';
import { ConfigApi, githubAuthApiRef } from '@backstage/frontend-plugin-api';
import { oidcAuthApiRef } from './oidcAuthApi';

const SIGN_IN_PROVIDERS = new Map<string, 'guest' | SignInProviderConfig>([
  ['guest', 'guest'],
  [
    'oidc',
    {
      id: 'oidc-auth-provider',
      title: 'Single sign-on',
      message: 'Sign in with your organization account',
      apiRef: oidcAuthApiRef,
    },
  ],
  [
    'github',
    {
      id: 'github-auth-provider',
      title: 'GitHub',
      message: 'Sign in with your GitHub account',
      apiRef: githubAuthApiRef,
    },
  ],
]);

/**
 * The providers `paved.signIn.providers` lists, in that order. Unset, the page offers guest like
 * Backstage's default sign-in page; app-config.production.yaml sets it.
 */
export function readSignInProviders(config: ConfigApi): IdentityProviders {
  const names = config.getOptionalStringArray('paved.signIn.providers') ?? [
    'guest',
  ];
  return names.map(name => {
    const provider = SIGN_IN_PROVIDERS.get(name);
    if (!provider) {
      throw new Error(
        `paved.signIn.providers: unknown provider '${name}', expected one of ${[
          ...SIGN_IN_PROVIDERS.keys(),
        ].join(', ')}`,
      );
    }
    return provider;
  });
}
