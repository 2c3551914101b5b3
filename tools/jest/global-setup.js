// One scratch PostgreSQL database and one Redis key prefix per test run, so
// parallel runs (and the developer's own `npm start`) never see each other.
const { randomBytes } = require('node:crypto');
const { Client } = require('pg');

module.exports = async function globalSetup() {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const adminUrl = process.env.WABUS_TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `wabus_test_${runId}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  process.env.WABUS_TEST_RUN_ID = runId;
  process.env.DATABASE_URL = url.toString();
  process.env.WABUS_QUEUE_PREFIX = `{wabus-test-${runId}}`;
  process.env.REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
};
