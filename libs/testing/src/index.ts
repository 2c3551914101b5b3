export { startTcpProxy } from './tcp-proxy';
export type { TcpProxy } from './tcp-proxy';
export { waitFor } from './wait-for';
export { testConfig, scratchDatabaseUrl } from './test-environment';
export { mutateJson } from './json-mutation';
