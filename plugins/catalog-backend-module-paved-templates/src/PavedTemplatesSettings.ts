import {
  DEFAULT_NAMESPACE,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { PAVED_TEMPLATE_NAMES, PavedTemplateName } from './bundledTemplates';

/**
 * How the Paved templates appear in the catalog.
 *
 * @public
 */
export interface PavedTemplatesSettings {
  /** Full entity ref (`kind:namespace/name`) of the group or user that owns the templates. */
  owner: string;
  /** Catalog namespace of the template entities. */
  namespace: string;
  /** The templates to register. */
  templates: PavedTemplateName[];
  /**
   * Whether the platform has a custom metrics adapter (`paved.templates.prometheus.customMetricsAdapter`);
   * without one the service form does not offer a custom HPA metric. Default: false.
   */
  customMetricsAdapter?: boolean;
}

const CONFIG_KEY = 'paved.templates.catalog';
/** The owner the template files name. */
const DEFAULT_OWNER = 'group:default/platform-team';
const OWNER_KINDS = ['group', 'user'];

const validators = makeValidator();

function invalid(key: string, problem: string): InputError {
  return new InputError(`${CONFIG_KEY}.${key}: ${problem}`);
}

function readNamespace(config: Config): string {
  const namespace =
    config.getOptionalString(`${CONFIG_KEY}.namespace`) ?? DEFAULT_NAMESPACE;
  if (!validators.isValidNamespace(namespace)) {
    throw invalid(
      'namespace',
      `'${namespace}' is not a catalog namespace (lowercase letters, digits and inner dashes, at most 63 characters)`,
    );
  }
  return namespace;
}

function readOwner(config: Config, namespace: string): string {
  const written = config.getOptionalString(`${CONFIG_KEY}.owner`);
  if (written === undefined) {
    return DEFAULT_OWNER;
  }
  let ref;
  try {
    ref = parseEntityRef(written.trim(), {
      defaultKind: 'group',
      defaultNamespace: namespace,
    });
  } catch (error) {
    throw invalid('owner', `'${written}' is not an entity ref: ${error}`);
  }
  if (!OWNER_KINDS.includes(ref.kind.toLocaleLowerCase('en-US'))) {
    throw invalid(
      'owner',
      `'${written}' is a ${ref.kind}; templates are owned by a group or a user`,
    );
  }
  if (
    !validators.isValidNamespace(ref.namespace) ||
    !validators.isValidEntityName(ref.name)
  ) {
    throw invalid('owner', `'${written}' is not a valid entity ref`);
  }
  return stringifyEntityRef(ref);
}

function readTemplates(config: Config): PavedTemplateName[] {
  const key = `${CONFIG_KEY}.templates`;
  const names = config.getOptionalStringArray(key);
  if (names === undefined) {
    return [...PAVED_TEMPLATE_NAMES];
  }
  if (names.length === 0) {
    throw invalid(
      'templates',
      'the list is empty; to register no Paved template, remove the module from the backend',
    );
  }
  names.forEach((name, index) => {
    if (!(PAVED_TEMPLATE_NAMES as readonly string[]).includes(name)) {
      throw invalid(
        `templates[${index}]`,
        `'${name}' is not a Paved template; choose from ${PAVED_TEMPLATE_NAMES.join(
          ', ',
        )}`,
      );
    }
    if (names.indexOf(name) !== index) {
      throw invalid(`templates[${index}]`, `'${name}' is listed twice`);
    }
  });
  return names as PavedTemplateName[];
}

/**
 * Reads `paved.templates.catalog`; throws an `InputError` naming the key when a value is
 * invalid, so that the backend refuses to start rather than registering templates nobody owns.
 *
 * @public
 */
export function readPavedTemplatesSettings(
  config: Config,
): PavedTemplatesSettings {
  const namespace = readNamespace(config);
  return {
    namespace,
    owner: readOwner(config, namespace),
    templates: readTemplates(config),
    customMetricsAdapter:
      config.getOptionalBoolean(
        'paved.templates.prometheus.customMetricsAdapter',
      ) ?? false,
  };
}
