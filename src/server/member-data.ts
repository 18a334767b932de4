import { campMemberData } from '../camps/camp/camp-member-data.service.js';
import type { MemberDataPart } from '../members/data/member-data.types.js';
import { roomMemberData } from '../rooms/room-member-data.service.js';

/** The features above members' parts of a member's export and erasure, in the order they run. */
export const memberDataParts: MemberDataPart[] = [campMemberData, roomMemberData];
