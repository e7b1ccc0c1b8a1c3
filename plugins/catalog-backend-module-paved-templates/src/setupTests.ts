// The backend test runs a real catalog and scaffolder task, far beyond Jest's 5 s default on a
// loaded 2-core runner; `testTimeout` in package.json is ignored under `repo test`.
jest.setTimeout(120_000);
