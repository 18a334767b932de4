import { accountRoutes } from '../accounts/account.routes.js';
import { teamRoutes } from '../accounts/team.routes.js';
import { groupRoutes } from '../analytics/groups/group.routes.js';
import { overviewRoutes } from '../analytics/overview/overview.routes.js';
import { reportRoutes } from '../analytics/report/report.routes.js';
import { rebuildQuestions } from '../automation/service-desk/questions.service.js';
import { mergeCampRows } from '../camps/camp/camp-merge.service.js';
import { campRoutes } from '../camps/camp/camps.routes.js';
import { memberCampsRoutes } from '../camps/camp/member-camps.routes.js';
import type { CheckinWriter } from '../camps/checkin/checkin-writer.js';
import { campInsightRoutes } from '../camps/dashboard/camp-insights.routes.js';
import { checkinImageRoutes } from '../camps/images/checkin-images.routes.js';
import { memberPageRoutes } from '../camps/member-page/member-page.routes.js';
import { connectorRoutes } from '../communities/connectors/connectors.routes.js';
import { importRoutes } from '../communities/imports/import.routes.js';
import { communityRoutes } from '../communities/communities.routes.js';
import { grantCreator } from '../accounts/access.service.js';
import { insertWebRoom } from '../rooms/rooms.service.js';
import type { EventLog } from '../kernel/event-log/event-log.js';
import type { Api, RouteContext, RouteModule } from '../kernel/http/route-module.js';
import { outboxRoutes } from '../kernel/outbox/outbox.routes.js';
import type { BlobStore } from '../kernel/storage/blob-store.js';
import { careRoutes } from '../members/care/care.routes.js';
import { identityRoutes, type IdentityRouteDeps } from '../members/identities/identities.routes.js';
import type { MemberRouteDeps } from '../members/member-operations.routes.js';
import { membersRoutes } from '../members/members.routes.js';
import { memberDataRoutes, type MemberDataRouteDeps } from '../members/data/member-data.routes.js';
import { memberDataParts } from './member-data.js';
import { memberCreateRoutes, type MemberCreateRouteDeps } from '../members/create/member-create.routes.js';
import { roomRoutes } from '../rooms/rooms.routes.js';
import { roomImageRoutes } from '../rooms/room-images.routes.js';
import { roomSocketRoutes } from '../rooms/room-socket.routes.js';
import type { RoomsWiring } from './rooms.js';
import type { ConnectorRuntime } from '../communities/connectors/connector-runtime.js';
import type { Keyring } from '../kernel/crypto/credentials.js';

/** Everything the app holds that some feature's routes need; each feature gets only its part. */
export interface Wiring extends RouteContext {
  uploadDir: string;
  files: BlobStore;
  checkins: CheckinWriter;
  eventLog: EventLog;
  rooms: RoomsWiring;
  keyring: Keyring | null;
  connectorRuntime: ConnectorRuntime;
  platformFetch?: typeof fetch;
}

/** A feature's routes with their dependencies bound: registered as one encapsulated Fastify plugin. */
export type FeaturePlugin = (api: Api) => Promise<void>;

function feature<Deps extends RouteContext>(modules: Array<RouteModule<Deps>>, deps: Deps): FeaturePlugin {
  return async (api) => {
    for (const module of modules) await module(api, deps);
  };
}

/**
 * One plugin per feature, in the order the API document lists them, each given the narrowest
 * dependencies its routes declare: only the communities' routes append events, only the camps'
 * write check-ins and keep files, and members learn of staff changes' and merges' consequences as hooks.
 */
export function featurePlugins(wiring: Wiring): Record<string, FeaturePlugin> {
  const { handle, now } = wiring;
  const base: RouteContext = { handle, now };
  return {
    accounts: feature([accountRoutes, teamRoutes], base),
    analytics: feature([reportRoutes, overviewRoutes, groupRoutes], base),
    members: feature<MemberRouteDeps & IdentityRouteDeps & MemberDataRouteDeps & MemberCreateRouteDeps>(
      [careRoutes, membersRoutes, identityRoutes, memberDataRoutes, memberCreateRoutes],
      {
        ...base,
        eventLog: wiring.eventLog,
        onStaffChanged: rebuildQuestions,
        onMemberMerge: mergeCampRows,
        memberData: memberDataParts,
        files: wiring.files,
      },
    ),
    communities: feature([importRoutes, connectorRoutes, communityRoutes], {
      ...base,
      hooks: { onCommunityCreated: grantCreator, openWebRoom: insertWebRoom },
      uploadDir: wiring.uploadDir,
      eventLog: wiring.eventLog,
      keyring: wiring.keyring,
      connectorRuntime: wiring.connectorRuntime,
      platformFetch: wiring.platformFetch,
    }),
    camps: feature([campRoutes, campInsightRoutes, memberPageRoutes, checkinImageRoutes, memberCampsRoutes], {
      ...base,
      files: wiring.files,
      checkins: wiring.checkins,
    }),
    outbox: feature([outboxRoutes], base),
    rooms: feature([roomRoutes, roomImageRoutes, roomSocketRoutes], {
      ...base,
      rooms: wiring.rooms.service,
      live: wiring.rooms.live,
    }),
  };
}
