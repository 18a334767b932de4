import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../kernel/db/schema.js';
import { STAFF_ROLES, type StaffRole } from './roles.rules.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Every staff role in a community; `isStaffIn` / `staffOfGroup` answer questions about them. */
export function findStaffRoles(db: Executor, communityId: number): Promise<StaffRole[]> {
  return db
    .selectFrom('member_roles')
    .select(['member_id', 'group_id'])
    .where('community_id', '=', communityId)
    .where('role', 'in', STAFF_ROLES)
    .execute();
}
