import { api, type Body, type Schema } from '../api/client';

export type Room = Schema<'Room'>;
export type MemberRoom = Schema<'MemberRoom'>;
export type RoomFrame = Schema<'RoomFrame'>;
export type RoomHistory = Schema<'RoomHistory'>;
export type RoomImage = Schema<'RoomImage'>;
export type RoomModeration = Schema<'RoomModeration'>;

const link = (token: string, groupId: number) => ({ path: { token, groupId } });
const room = (slug: string, groupId: number) => ({ path: { slug, groupId } });
const upload = (file: File) => {
  const form = new FormData();
  form.append('image', file);
  return form;
};

/** A member's rooms, through their personal link (src/rooms/rooms.routes.ts). */
export const memberRoomsApi = {
  list: (token: string) => api.get('/api/m/{token}/rooms', { path: { token } }),
  history: (token: string, groupId: number) =>
    api.get('/api/m/{token}/rooms/{groupId}/messages', { ...link(token, groupId), query: { limit: 100 } }),
  read: (token: string, groupId: number, seq: number) =>
    api.put('/api/m/{token}/rooms/{groupId}/read', { ...link(token, groupId), body: { seq } }),
  uploadImage: (token: string, groupId: number, file: File) =>
    api.post('/api/m/{token}/rooms/{groupId}/images', { ...link(token, groupId), body: upload(file) }),
  imageUrl: (token: string, groupId: number, image: RoomImage) =>
    `/api/m/${encodeURIComponent(token)}/rooms/${groupId}/images/${image.owner}/${image.id}`,
};

/** The rooms in the console: staff read, post as themselves and moderate. */
export const roomsApi = {
  list: (slug: string) => api.get('/api/communities/{slug}/rooms', { path: { slug } }),
  create: (slug: string, body: Body<'/api/communities/{slug}/rooms', 'post'>) =>
    api.post('/api/communities/{slug}/rooms', { path: { slug }, body }),
  update: (slug: string, groupId: number, body: Body<'/api/communities/{slug}/rooms/{groupId}', 'patch'>) =>
    api.patch('/api/communities/{slug}/rooms/{groupId}', { ...room(slug, groupId), body }),
  history: (slug: string, groupId: number) =>
    api.get('/api/communities/{slug}/rooms/{groupId}/messages', { ...room(slug, groupId), query: { limit: 100 } }),
  hide: (slug: string, groupId: number, seq: number, reason: string) =>
    api.post('/api/communities/{slug}/rooms/{groupId}/messages/{seq}/hide', {
      path: { slug, groupId, seq },
      body: { reason },
    }),
  mute: (slug: string, groupId: number, memberId: number, minutes: number, reason: string) =>
    api.post('/api/communities/{slug}/rooms/{groupId}/mutes', {
      ...room(slug, groupId),
      body: { memberId, minutes, reason },
    }),
  remove: (slug: string, groupId: number, memberId: number, reason: string) =>
    api.post('/api/communities/{slug}/rooms/{groupId}/removals', {
      ...room(slug, groupId),
      body: { memberId, reason },
    }),
  blacklist: (slug: string, groupId: number, memberId: number, reason: string) =>
    api.post('/api/communities/{slug}/rooms/{groupId}/blacklist', {
      ...room(slug, groupId),
      body: { memberId, reason },
    }),
  moderation: (slug: string, groupId: number) =>
    api.get('/api/communities/{slug}/rooms/{groupId}/moderation', room(slug, groupId)),
  uploadImage: (slug: string, groupId: number, file: File) =>
    api.post('/api/communities/{slug}/rooms/{groupId}/images', { ...room(slug, groupId), body: upload(file) }),
  imageUrl: (slug: string, groupId: number, image: RoomImage) =>
    `/api/communities/${encodeURIComponent(slug)}/rooms/${groupId}/images/${image.owner}/${image.id}`,
};

export const roomKeys = {
  staffList: (slug: string) => ['rooms', slug] as const,
  memberList: (token: string) => ['member-rooms', token] as const,
};

/**
 * A client id for a post: a UUID v4 from getRandomValues (randomUUID needs HTTPS, and a self-hosted
 * server may be reached over plain HTTP on a LAN). A retry sends the same one; the post is stored once.
 */
export function newClientId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The rooms' socket: with the member's token, or (no token) the console's session cookie. */
export function socketUrl(token: string | null): string {
  const base = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/rooms/socket`;
  return token ? `${base}?token=${encodeURIComponent(token)}` : base;
}
