import { formatRepoUrl, parseRepoUrl } from './repoUrl';

describe('parseRepoUrl', () => {
  it('reads host, owner and repository, and formats them back', () => {
    const parsed = parseRepoUrl('github.com?owner=Acme-Inc&repo=orders_api.v2');
    expect(parsed).toEqual({
      host: 'github.com',
      owner: 'Acme-Inc',
      repo: 'orders_api.v2',
    });
    expect(formatRepoUrl(parsed as any)).toBe(
      'github.com?owner=Acme-Inc&repo=orders_api.v2',
    );
    expect(parseRepoUrl('ghe.example.net:8443?repo=a&owner=b')).toEqual({
      host: 'ghe.example.net:8443',
      owner: 'b',
      repo: 'a',
    });
  });

  it.each([
    'github.com',
    'github.com?owner=acme',
    'github.com?owner=acme&repo=..',
    'github.com?owner=acme&repo=a/b',
    'github.com?owner=acme&repo=a%2Fb',
    'github.com?owner=acme&repo=web&organization=x',
    'github.com?owner=acme&repo=web?x',
    'user@github.com?owner=acme&repo=web',
    'https://github.com?owner=acme&repo=web',
    'GitHub.com?owner=acme&repo=web',
    `github.com?owner=acme&repo=${'a'.repeat(101)}`,
  ])('refuses %s', url => {
    expect(parseRepoUrl(url)).toEqual({ problem: expect.any(String) });
  });
});
