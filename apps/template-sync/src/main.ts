import 'reflect-metadata';
import { startService } from '@wabus/service';
import { TEMPLATE_SYNC_SERVICE } from './template-sync.service-definition';

void startService(TEMPLATE_SYNC_SERVICE);
