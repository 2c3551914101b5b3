// Integration and end-to-end tests start real services against real Redis and
// PostgreSQL; on a loaded 2-core machine that takes more than Jest's 5 s default.
// (A project's own `testTimeout` is ignored when Jest runs several projects.)
jest.setTimeout(Number(process.env.WABUS_TEST_TIMEOUT_MS ?? 60_000));
