import { mockApis } from '@backstage/frontend-test-utils';
import { githubAuthApiRef } from '@backstage/frontend-plugin-api';
import { readSignInProviders } from './providers';
import { oidcAuthApiRef } from './oidcAuthApi';

const withProviders = (providers?: string[]) =>
  readSignInProviders(
    mockApis.config({
      data: providers ? { paved: { signIn: { providers } } } : {},
    }),
  );

describe('readSignInProviders', () => {
  it('offers guest when nothing is configured, like the default sign-in page', () => {
    expect(withProviders()).toEqual(['guest']);
  });

  it('offers exactly the configured providers, in order, without guest', () => {
    const providers = withProviders(['oidc', 'github']);
    expect(providers).toEqual([
      expect.objectContaining({
        id: 'oidc-auth-provider',
        apiRef: oidcAuthApiRef,
      }),
      expect.objectContaining({
        id: 'github-auth-provider',
        apiRef: githubAuthApiRef,
      }),
    ]);
    expect(providers).not.toContain('guest');
  });

  it('rejects an unknown provider name', () => {
    expect(() => withProviders(['oidc', 'okta'])).toThrow(
      "unknown provider 'okta', expected one of guest, oidc, github",
    );
  });
});
