export { installHelm, locatePromtool } from './tools';
export type { HelmMajor, HelmTools } from './tools';
export {
  helmEnv,
  helmLint,
  helmTemplate,
  makeTempDir,
  promtoolCheckRules,
  promtoolTestRules,
  removeTempDir,
  validateModels,
} from './helm';
export type { KubeObject, ModelValidation } from './helm';
