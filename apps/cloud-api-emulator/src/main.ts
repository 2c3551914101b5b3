import 'reflect-metadata';
import { startService } from '@wabus/service';
import { EMULATOR_BODY_LIMIT_BYTES, EmulatorModule } from './emulator.module';

void startService({
  name: 'cloud-api-emulator',
  module: EmulatorModule,
  bodyLimitBytes: EMULATOR_BODY_LIMIT_BYTES,
});
