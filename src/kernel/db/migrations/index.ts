import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';
import * as eventLog from './001-event-log.js';

export interface DialectMigration {
  up(db: Kysely<any>, dialect: DialectName): Promise<void>;
}

/** The one migration list, in order. Names are timestamps so branches merge without renumbering. */
export const migrations: Record<string, DialectMigration> = {
  '2026-11-23-001-event-log': eventLog,
};
