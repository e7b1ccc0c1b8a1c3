// Tests talk to real HTTP servers; a loaded 2-core runner can exceed Jest's 5 s default.
jest.setTimeout(30_000);
