import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';
import * as eventLog from './001-event-log.js';
import * as reportRollups from './002-report-rollups.js';
import * as rollupsWithoutRowid from './003-rollups-without-rowid.js';
import * as operators from './100-operators.js';
import * as memberOperations from './101-member-operations.js';
import * as membersList from './102-members-list.js';
import * as camps from './110-camps.js';
import * as campGamification from './111-camp-gamification.js';
import * as outbox from './112-outbox.js';
import * as connectors from './113-connectors.js';
import * as campRevision from './114-camp-revision.js';
import * as memberIdempotencyKeys from './115-member-idempotency-keys.js';
import * as connectorHealth from './116-connector-health.js';
import * as connectorSettings from './117-connector-settings.js';
import * as rooms from './118-rooms.js';
import * as memberMerges from './119-member-merges.js';
import * as team from './120-team.js';
import * as outboxStaff from './122-outbox-staff.js';
import * as memberErasures from './123-member-erasures.js';
import * as memberFigureMarks from './124-member-figure-marks.js';

export interface DialectMigration {
  up(db: Kysely<any>, dialect: DialectName): Promise<void>;
}

/** The one migration list, in order. Names are timestamps so branches merge without renumbering. */
export const migrations: Record<string, DialectMigration> = {
  '2026-11-23-001-event-log': eventLog,
  '2026-11-23-002-report-rollups': reportRollups,
  '2026-11-23-003-rollups-without-rowid': rollupsWithoutRowid,
  '2026-11-23-100-operators': operators,
  '2026-11-23-101-member-operations': memberOperations,
  '2026-11-23-102-members-list': membersList,
  '2026-11-23-110-camps': camps,
  '2026-11-23-111-camp-gamification': campGamification,
  '2026-11-23-112-outbox': outbox,
  '2026-11-23-113-connectors': connectors,
  '2026-11-23-114-camp-revision': campRevision,
  '2026-12-05-115-member-idempotency-keys': memberIdempotencyKeys,
  '2026-12-07-116-connector-health': connectorHealth,
  '2026-12-07-117-connector-settings': connectorSettings,
  '2026-12-07-118-rooms': rooms,
  '2026-12-07-119-member-merges': memberMerges,
  '2026-12-08-120-team': team,
  '2026-12-08-122-outbox-staff': outboxStaff,
  '2026-12-08-123-member-erasures': memberErasures,
  '2026-12-08-124-member-figure-marks': memberFigureMarks,
};
