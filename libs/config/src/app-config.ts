/** The services of wabus and the port each listens on unless PORT says otherwise (contract). */
export const SERVICE_PORTS = {
  gateway: 3000,
  sender: 3001,
  store: 3002,
  'template-sync': 3003,
  'action-engine': 3004,
  'cloud-api-emulator': 4010,
} as const;

export type ServiceName = keyof typeof SERVICE_PORTS;

/** Configuration every service reads once at start (style.md habit 6). */
export interface AppConfig {
  service: ServiceName;
  production: boolean;
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  logPretty: boolean;
  redisUrl: string;
  databaseUrl: string;
  /** BullMQ key prefix; hash-tagged so every key of a queue lands in one Redis Cluster slot. */
  queuePrefix: string;
  /** AES-256-GCM key for secrets at rest, and older keys still accepted for reading. */
  secretKey: Buffer;
  previousSecretKeys: Buffer[];
  bootstrapApiKey: string | null;
  allowPrivateUrls: boolean;
  /** Where the demo channel of `npm start` points (the local emulator). */
  emulatorUrl: string;
  publicUrl: string;
  shutdownTimeoutMs: number;
}
