// Each test starts the CLI as a subprocess; a loaded 2-core runner needs more than Jest's 5 s.
jest.setTimeout(120_000);
