import 'reflect-metadata';
import { startService } from '@wabus/service';
import { GATEWAY_SERVICE } from './gateway.service-definition';

void startService(GATEWAY_SERVICE);
