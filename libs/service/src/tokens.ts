/** Injection tokens of the service shell (interfaces have no runtime class to inject by). */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const REDIS = Symbol('REDIS');
/** The SqlRunner on the PostgreSQL pool (`poolSql`): statements that each commit on their own. */
export const POOL_SQL = Symbol('POOL_SQL');
