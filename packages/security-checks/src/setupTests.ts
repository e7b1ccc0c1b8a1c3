// Each suite starts a real backend and scaffolds services through real tasks, which takes far
// longer than Jest's 5 s default on a loaded 2-core runner (`testTimeout` in package.json is
// ignored under `repo test`).
jest.setTimeout(120_000);
