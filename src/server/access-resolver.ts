import { callerFromApiToken, callerFromSession } from '../accounts/account.service.js';
import { roleIn } from '../accounts/access.service.js';
import { findCommunity } from '../communities/community.service.js';
import type { Db } from '../kernel/db/database.js';
import type { AccessResolver } from '../kernel/http/access.js';

/** The kernel's access check, answered by the accounts (callers, roles) and communities (slugs). */
export function accessResolver(db: Db): AccessResolver {
  return {
    callerFromApiToken: (token, now) => callerFromApiToken(db, token, now),
    callerFromSession: (sessionToken, now) => callerFromSession(db, sessionToken, now),
    findCommunity: (slug) => findCommunity(db, slug),
    roleIn: (caller, communityId) => roleIn(db, caller, communityId),
  };
}
