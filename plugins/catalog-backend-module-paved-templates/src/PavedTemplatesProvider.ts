import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import type { JsonValue } from '@backstage/types';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  bundledTemplateFile,
  bundledTemplatesDirectory,
  readTemplateFile,
} from './bundledTemplates';
import {
  PavedTemplatesSettings,
  readPavedTemplatesSettings,
} from './PavedTemplatesSettings';
import { serviceFormForPlatform } from './platformForm';

/**
 * Options for {@link PavedTemplatesProvider.create}.
 *
 * @public
 */
export interface PavedTemplatesProviderOptions extends PavedTemplatesSettings {
  logger: LoggerService;
  /** Where the template files are. Default: the `templates` folder of this package. */
  directory?: string;
}

/**
 * Puts the Paved templates this package ships into the catalog, read from their files on disk.
 *
 * Each template's location is its file (`file:<absolute path>`), which the scaffolder reads
 * relative URLs such as `./skeleton` from, straight from the disk next to the file.
 *
 * @public
 */
export class PavedTemplatesProvider implements EntityProvider {
  readonly #settings: PavedTemplatesSettings;
  readonly #directory: string;
  readonly #logger: LoggerService;

  /** Reads `paved.templates.catalog`; throws an `InputError` naming the key when it is invalid. */
  static fromConfig(
    config: Config,
    options: Omit<PavedTemplatesProviderOptions, keyof PavedTemplatesSettings>,
  ): PavedTemplatesProvider {
    return PavedTemplatesProvider.create({
      ...readPavedTemplatesSettings(config),
      ...options,
    });
  }

  static create(
    options: PavedTemplatesProviderOptions,
  ): PavedTemplatesProvider {
    return new PavedTemplatesProvider(options);
  }

  private constructor(options: PavedTemplatesProviderOptions) {
    this.#settings = {
      owner: options.owner,
      namespace: options.namespace,
      templates: options.templates,
      customMetricsAdapter: options.customMetricsAdapter ?? false,
    };
    this.#directory = options.directory ?? bundledTemplatesDirectory();
    this.#logger = options.logger;
  }

  getProviderName(): string {
    return 'paved-templates';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    const entities = await this.#readEntities();
    await connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        // What the catalog keys an entity read from this file with.
        locationKey: entity.metadata.annotations![ANNOTATION_LOCATION],
      })),
    });
    const { owner, namespace, templates } = this.#settings;
    this.#logger.info(
      `Registered the Paved templates ${templates.join(', ')} from ${
        this.#directory
      } in namespace ${namespace}, owned by ${owner}`,
    );
  }

  async #readEntities(): Promise<Entity[]> {
    const { owner, namespace, templates, customMetricsAdapter } =
      this.#settings;
    return Promise.all(
      templates.map(async name => {
        const file = bundledTemplateFile(this.#directory, name);
        const template = await readTemplateFile(file, name);
        const location = `file:${file}`;
        return {
          ...template,
          metadata: {
            ...template.metadata,
            namespace,
            annotations: {
              ...template.metadata.annotations,
              [ANNOTATION_LOCATION]: location,
              [ANNOTATION_ORIGIN_LOCATION]: location,
            },
          },
          spec: {
            ...template.spec,
            owner,
            ...(name === 'service' && {
              parameters: serviceFormForPlatform(
                template.spec!.parameters as JsonValue,
                { customMetricsAdapter: customMetricsAdapter ?? false },
              ),
            }),
          },
        };
      }),
    );
  }
}
