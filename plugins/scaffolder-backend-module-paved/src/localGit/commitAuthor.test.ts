import { ConfigReader } from '@backstage/config';
import { CommitDefaults } from './commitAuthor';

describe('CommitDefaults', () => {
  it('reads the standard scaffolder keys, each falling back on its own', () => {
    const defaults = CommitDefaults.fromConfig(
      new ConfigReader({
        scaffolder: {
          defaultAuthor: { email: 'platform@example.com' },
          defaultCommitMessage: 'Scaffolded',
        },
      }),
    );
    expect(defaults.author).toEqual({
      name: 'Paved Scaffolder',
      email: 'platform@example.com',
    });
    expect(defaults.message).toBe('Scaffolded');
    expect(CommitDefaults.fromConfig(new ConfigReader({}))).toEqual(
      CommitDefaults.create(),
    );
  });

  it("prefers the step's author and refuses one that could forge a commit header", () => {
    const defaults = CommitDefaults.create({ author: { name: 'Platform' } });
    expect(
      defaults.resolveAuthor({ gitAuthorEmail: ' me@example.com ' }),
    ).toEqual({ name: 'Platform', email: 'me@example.com' });
    expect(() =>
      defaults.resolveAuthor({ gitAuthorName: 'Eve <eve@example.com>' }),
    ).toThrow(/^gitAuthorName: /);
  });
});
