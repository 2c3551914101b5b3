import 'reflect-metadata';
import { startService } from '@wabus/service';
import { SENDER_SERVICE } from './sender.service-definition';

void startService(SENDER_SERVICE);
