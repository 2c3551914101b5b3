import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@wabus/config';
import { createDataSource, poolSql, SecretBox, type SqlRunner } from '@wabus/persistence';
import { Readiness } from './readiness';
import { APP_CONFIG, POOL_SQL } from './tokens';

/** The PostgreSQL pool and the SecretBox that seals secrets at rest. The database was created and migrated before the app was built (dependencies.ts). */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<DataSource> => {
        const dataSource = createDataSource(config.databaseUrl, { applicationName: `wabus-${config.service}` });
        await dataSource.initialize();
        return dataSource;
      },
    },
    {
      provide: POOL_SQL,
      inject: [DataSource, Readiness],
      useFactory: (dataSource: DataSource, readiness: Readiness): SqlRunner => {
        const sql = poolSql(dataSource);
        readiness.register({ name: 'postgres', check: async () => void (await sql.rows('SELECT 1')) });
        return sql;
      },
    },
    {
      provide: SecretBox,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new SecretBox({ current: config.secretKey, previous: config.previousSecretKeys }),
    },
  ],
  exports: [DataSource, POOL_SQL, SecretBox],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
