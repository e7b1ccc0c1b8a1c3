import { ConfigReader } from '@backstage/config';
import type { JsonValue } from '@backstage/types';
import { readPavedTemplatesSettings } from './PavedTemplatesSettings';

const read = (catalog: JsonValue) =>
  readPavedTemplatesSettings(
    new ConfigReader({ paved: { templates: { catalog } } }),
  );

describe('readPavedTemplatesSettings', () => {
  it('defaults to the owner the files name, the default namespace and every template', () => {
    expect(readPavedTemplatesSettings(new ConfigReader({}))).toEqual({
      owner: 'group:default/platform-team',
      namespace: 'default',
      templates: [
        'service',
        'environment',
        'unregister',
        'provision-environment',
      ],
      customMetricsAdapter: false,
    });
  });

  it('takes an owner, a namespace and a choice of templates', () => {
    expect(
      read({
        owner: 'user:tools/ada',
        namespace: 'golden-paths',
        templates: ['unregister', 'service'],
      }),
    ).toEqual({
      owner: 'user:tools/ada',
      namespace: 'golden-paths',
      templates: ['unregister', 'service'],
      customMetricsAdapter: false,
    });
  });

  it('reads an owner without kind as a group in the templates namespace', () => {
    expect(read({ owner: 'sre', namespace: 'tools' }).owner).toBe(
      'group:tools/sre',
    );
    // Entity refs are case-insensitive; the catalog writes them in lower case.
    expect(read({ owner: 'Group:acme/SRE' }).owner).toBe('group:acme/sre');
  });

  it.each([
    [{ owner: 'component:default/orders' }, /catalog\.owner: .*is a component/],
    [{ owner: 'group:default/' }, /catalog\.owner: .*not an entity ref/],
    [{ owner: 'group:default/sre team' }, /catalog\.owner: .*not a valid/],
    [{ owner: '' }, /catalog\.owner/],
    [{ owner: 42 }, /paved\.templates\.catalog\.owner/],
    [{ namespace: 'Golden Paths' }, /catalog\.namespace: .*not a catalog/],
    [{ templates: [] }, /catalog\.templates: the list is empty/],
    [
      { templates: ['service', 'website'] },
      /catalog\.templates\[1\]: 'website' is not a Paved template; choose from service, environment, unregister/,
    ],
    [{ templates: ['service', 'service'] }, /templates\[1\]: .*listed twice/],
    [{ templates: 'service' }, /paved\.templates\.catalog\.templates/],
  ])('refuses %j, naming the key', (catalog, message) => {
    expect(() => read(catalog)).toThrow(message);
  });
});
