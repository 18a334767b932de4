import type { Transaction } from 'kysely';
import type { Database } from '../kernel/db/schema.js';

/**
 * Ports the community's creation and its groups' need from features above or beside them, filled
 * in the wiring (server/features.ts): the accounts make the creator the owner, the rooms make a
 * web group a room. Both run in the creating transaction.
 */
export interface CommunityAdminHooks {
  /** Gives `accountId` the owner role in the new community. */
  onCommunityCreated(trx: Transaction<Database>, communityId: number, accountId: number, now: number): Promise<void>;
  /** Makes a web group with its room (a room is a `web` group, docs/web-community.md); its group id. */
  openWebRoom(trx: Transaction<Database>, communityId: number, name: string, now: number): Promise<number>;
}
