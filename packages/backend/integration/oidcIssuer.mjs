// A real OpenID Connect provider on loopback for integration tests: panva's `oidc-provider` (the
// certified implementation many IdPs build on) with its development interactions, a plain HTML
// login form (any password; the login is the account id) followed by a consent form.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

/**
 * Starts the issuer on 127.0.0.1:`port`.
 * @param {object} options
 * @param {number} options.port
 * @param {{clientId: string, clientSecret: string, redirectUri: string}} options.client
 *   the one client (the Backstage backend) and its callback
 * @param {Record<string, object>} options.accounts  login → claims (email, email_verified, name)
 */
export async function startOidcIssuer({ port, client, accounts }) {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [client.redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    async findAccount(_ctx, id) {
      if (!Object.hasOwn(accounts, id)) return undefined;
      return {
        accountId: id,
        claims: async () => ({ sub: id, ...accounts[id] }),
      };
    },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    features: { devInteractions: { enabled: true } },
    // Backstage keeps the browser session through the refresh token and does not ask for
    // `offline_access`, so issue one to our client like most IdPs do for confidential clients.
    issueRefreshToken: async (_ctx, c) => c.grantTypeAllowed('refresh_token'),
  });

  const errors = [];
  for (const event of [
    'server_error',
    'authorization.error',
    'grant.error',
    'userinfo.error',
  ]) {
    provider.on(event, (_ctx, error) =>
      errors.push(
        `${event}: ${error.message} ${error.error_description ?? ''}`,
      ),
    );
  }

  const server = http.createServer(provider.callback());
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    issuer,
    metadataUrl: `${issuer}/.well-known/openid-configuration`,
    /** what the issuer refused or failed at, for failure messages */
    errors,
    stop: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
