export { loadConfig, loadToolConfig, ConfigError } from './load-config';
export type { ToolConfig } from './load-config';
export type { AppConfig, ServiceName } from './app-config';
export { SERVICE_PORTS } from './app-config';
export { ENVIRONMENT_VARIABLES } from './environment';
