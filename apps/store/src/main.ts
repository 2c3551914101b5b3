import 'reflect-metadata';
import { startService } from '@wabus/service';
import { STORE_SERVICE } from './store.service-definition';

void startService(STORE_SERVICE);
