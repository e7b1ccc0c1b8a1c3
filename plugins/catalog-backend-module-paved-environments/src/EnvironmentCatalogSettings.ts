import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** `paved.environments.catalog` and `paved.environments.expiry`, defaults filled in. @public */
export interface EnvironmentCatalogSettings {
  /** How often the clusters' environments are read into the catalog. */
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** The catalog namespace of the components the environments belong to. */
  componentNamespace: string;
  expiry: {
    /** Whether expired previews are torn down at all. */
    enabled: boolean;
    /** Only log what the sweep would remove. */
    dryRun: boolean;
    schedule: SchedulerServiceTaskScheduleDefinition;
  };
}

/** The documented defaults. @public */
export const DEFAULT_ENVIRONMENT_CATALOG_SETTINGS: EnvironmentCatalogSettings =
  {
    schedule: { frequency: { minutes: 1 }, timeout: { minutes: 2 } },
    componentNamespace: 'default',
    expiry: {
      enabled: true,
      dryRun: false,
      schedule: { frequency: { minutes: 5 }, timeout: { minutes: 10 } },
    },
  };

function schedule(
  config: Config | undefined,
  key: string,
  fallback: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  const value = config?.getOptionalConfig('schedule');
  if (!value) {
    return fallback;
  }
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(value);
  } catch (error) {
    throw new InputError(
      `paved.environments.${key}.schedule: ${(error as Error).message}`,
    );
  }
}

/**
 * Reads `paved.environments.catalog` and `paved.environments.expiry`; a bad schedule throws an
 * `InputError` naming the key.
 *
 * @public
 */
export function readEnvironmentCatalogSettings(
  root: Config,
): EnvironmentCatalogSettings {
  const d = DEFAULT_ENVIRONMENT_CATALOG_SETTINGS;
  const catalog = root.getOptionalConfig('paved.environments.catalog');
  const expiry = root.getOptionalConfig('paved.environments.expiry');
  return {
    schedule: schedule(catalog, 'catalog', d.schedule),
    componentNamespace:
      catalog?.getOptionalString('componentNamespace') ?? d.componentNamespace,
    expiry: {
      enabled: expiry?.getOptionalBoolean('enabled') ?? d.expiry.enabled,
      dryRun: expiry?.getOptionalBoolean('dryRun') ?? d.expiry.dryRun,
      schedule: schedule(expiry, 'expiry', d.expiry.schedule),
    },
  };
}
