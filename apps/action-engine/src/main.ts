import 'reflect-metadata';
import { startService } from '@wabus/service';
import { ACTION_ENGINE_SERVICE } from './action-engine.service-definition';

void startService(ACTION_ENGINE_SERVICE);
