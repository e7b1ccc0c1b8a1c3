// Each test talks to a real HTTP server; a loaded 2-core runner can exceed Jest's 5 s default
// (`testTimeout` in package.json is ignored under `repo test`).
jest.setTimeout(20_000);
