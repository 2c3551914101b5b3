import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { ChannelEntity } from '../entities/channel.entity';
import { migrateDatabase } from '../migration-runner';
import { createThread, testDatabaseUrl } from './test-database';

describe('createDataSource: a find never matches every row by accident', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    await migrateDatabase(testDatabaseUrl());
    dataSource = createDataSource(testDatabaseUrl(), { poolSize: 1, applicationName: 'wabus-test' });
    await dataSource.initialize();
    await createThread(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
  ])('refuses a where whose value is %s (TypeORM would drop the condition and match any row)', async (_, id) => {
    const channels = dataSource.getRepository(ChannelEntity);
    await expect(channels.findOne({ where: { id: id as unknown as string } })).rejects.toThrow();
    await expect(channels.find({ where: [{ id: id as unknown as string }] })).rejects.toThrow();
  });
});
