/**
 * Node.js code of the Paved plugin suite: the generated service's Grafana dashboard, built with
 * the Grafana Foundation SDK and written by the `paved:grafana:dashboard` scaffolder action.
 *
 * @packageDocumentation
 */
export * from './dashboards';
