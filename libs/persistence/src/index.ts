// @wabus/persistence — the schema of wabus and the way to reach it.
//
// Entities (one per table, snake_case columns, uuid ids from gen_random_uuid()):
export * from './entities';
// The hand-written migrations, oldest first (the schema's source of truth):
export { MIGRATIONS } from './migrations';
// Connecting, creating the database, migrating under an advisory lock:
export {
  createDataSource,
  databaseNameOf,
  DatabaseSetupError,
  ensureDatabase,
  type DatabaseSetupErrorCode,
  type DataSourceSettings,
} from './data-source';
export {
  MIGRATION_LOCK_KEY,
  migrateDatabase,
  revertAllMigrations,
  runMigrationsLocked,
  type MigrateSettings,
  type MigrationLog,
} from './migration-runner';
export { SnakeNamingStrategy } from './snake-naming.strategy';
// Secrets at rest (AES-256-GCM, key id kept for rotation):
export {
  isSealedSecret,
  SecretBox,
  SecretBoxError,
  secretKeyId,
  type SealedSecret,
  type SecretBoxErrorCode,
  type SecretBoxKeys,
} from './secret-box';
// API keys (stored as sha256, compared in constant time):
export {
  API_KEY_PREFIX,
  apiKeyDisplayPrefix,
  apiKeyMatches,
  generateApiKey,
  hashApiKey,
  type GeneratedApiKey,
} from './api-key';
// Keyset pagination for the API's lists:
export { paginateNewestFirst, encodeCursor, decodeCursor, InvalidCursorError, type CursorPage, type PageRequest } from './cursor-page';
// Repositories of the message log (written by `store`), the outbox and retention:
export * from './repositories';
export { containsPattern } from './like-pattern';
