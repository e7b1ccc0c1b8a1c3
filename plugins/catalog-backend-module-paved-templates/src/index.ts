/**
 * Registers the Paved software templates in the catalog from the files this package ships.
 *
 * @packageDocumentation
 */
export { catalogModulePavedTemplates as default } from './module';
export { catalogModulePavedTemplates } from './module';
export { PavedTemplatesProvider } from './PavedTemplatesProvider';
export type { PavedTemplatesProviderOptions } from './PavedTemplatesProvider';
export { readPavedTemplatesSettings } from './PavedTemplatesSettings';
export type { PavedTemplatesSettings } from './PavedTemplatesSettings';
export {
  PAVED_TEMPLATE_NAMES,
  bundledTemplatesDirectory,
} from './bundledTemplates';
export type { PavedTemplateName } from './bundledTemplates';
