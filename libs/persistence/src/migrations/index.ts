import { InitialSchema1795634157224 } from './1795634157224-initial-schema';
import { ActionEngineCallbacks1795700000000 } from './1795700000000-action-engine-callbacks';
import { MessageLogWritePath1795800000000 } from './1795800000000-message-log-write-path';

/** Every migration, oldest first. A new migration is added here as well as in its file. */
export const MIGRATIONS = [InitialSchema1795634157224, ActionEngineCallbacks1795700000000, MessageLogWritePath1795800000000];
