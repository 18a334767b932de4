import { memberOfLink } from '../camps/member-page/member-page.service.js';
import type { DatabaseHandle } from '../kernel/db/database.js';
import type { EventLog } from '../kernel/event-log/event-log.js';
import type { Dispatcher } from '../kernel/outbox/dispatcher.js';
import type { BlobStore } from '../kernel/storage/blob-store.js';
import { inProcessRoomBus, type RoomBus } from '../platforms/connectors/web/room-bus.js';
import { connectRoomLive, type RoomLive } from '../platforms/connectors/web/room-live.js';
import { webDispatcher } from '../platforms/connectors/web/web.dispatcher.js';
import { createRoomService, type RoomService } from '../rooms/rooms.service.js';
import type { MemberTokenResolver } from '../rooms/rooms.types.js';

/** The web rooms of one process: their use cases and their live delivery. */
export interface RoomsWiring {
  service: RoomService;
  live: RoomLive;
}

/**
 * The rooms wired up: members enter by the camps' personal links (the rooms' `MemberTokenResolver`
 * port), frames fan out through `bus` (in-process by default; `postgresRoomBus` when several
 * processes share a PostgreSQL database), images go to `files` with the check-in image limit.
 */
export function wireRooms(deps: {
  handle: DatabaseHandle;
  eventLog: EventLog;
  files: BlobStore;
  maxImageBytes: number;
  bus?: RoomBus;
  onError?: (error: unknown) => void;
  /** Who a personal link names; by default the camps' links (tests pass their own). */
  memberByToken?: MemberTokenResolver;
}): RoomsWiring {
  const bus = deps.bus ?? inProcessRoomBus();
  let service: RoomService | null = null;
  const live = connectRoomLive(bus, (room, seq) => service!.frameAt(room, seq), deps.onError);
  service = createRoomService({
    handle: deps.handle,
    eventLog: deps.eventLog,
    live,
    memberByToken: deps.memberByToken ?? ((token) => memberOfLink(deps.handle.db, token)),
    files: deps.files,
    maxImageBytes: deps.maxImageBytes,
  });
  return { service, live };
}

/** The outbox's dispatcher into the rooms: an item for a web group is posted there by the community's bot. */
export function roomDispatcher(rooms: RoomsWiring): Dispatcher {
  return webDispatcher(async (item) => {
    await rooms.service.postFromOutbox(item, Date.now());
  });
}
