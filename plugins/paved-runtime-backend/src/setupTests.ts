// Some suites start real Prometheus, Alertmanager and Redis on a loaded 2-core runner.
jest.setTimeout(90_000);
