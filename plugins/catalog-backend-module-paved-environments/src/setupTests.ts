// The module test starts a real catalog; on a loaded 2-core runner that is far beyond Jest's
// 5 s default, and `testTimeout` in package.json is ignored under `repo test`.
jest.setTimeout(120_000);
