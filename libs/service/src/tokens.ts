/** Injection tokens of the service shell (interfaces have no runtime class to inject by). */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const REDIS = Symbol('REDIS');
