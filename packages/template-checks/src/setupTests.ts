// These suites drive a real scaffolder, Helm, promtool and Prometheus, so a
// single test can take far longer than Jest's 5 s default on a loaded 2-core
// runner. `testTimeout` in package.json is ignored under `repo test`, where it
// is a global option, so the timeout is set here for every file.
jest.setTimeout(120_000);
