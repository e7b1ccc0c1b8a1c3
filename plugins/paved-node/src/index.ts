/**
 * Node.js code of the Paved plugin suite: the generated service's Grafana dashboard, built with
 * the Grafana Foundation SDK and written by the `paved:grafana:dashboard` scaffolder action, and
 * the provisioning of environments on Kubernetes shared by the scaffolder actions, the Actions
 * Registry, the `paved` CLI and the catalog.
 *
 * @packageDocumentation
 */
export * from './dashboards';
export * from './environments';
export * from './kubernetes';
