export { installHelm, locatePromtool, TOOLS_DIR } from './tools';
export type { HelmMajor, HelmTools } from './tools';
export {
  helmEnv,
  helmLint,
  helmTemplate,
  makeTempDir,
  promtoolCheckRules,
  promtoolTestRules,
  removeTempDir,
  run,
  validateModels,
} from './helm';
export type {
  CommandResult,
  KubeObject,
  ModelValidation,
  TemplateOptions,
} from './helm';
