import { api, type Query, type Schema } from '../api/client';

export type OutboxItem = Schema<'OutboxItem'>;
export type OutboxQuery = Query<'/api/communities/{slug}/outbox'>;
export type OutboxStatusFilter = NonNullable<OutboxQuery['status']>;

/** The community's outbox (src/kernel/outbox/outbox.routes.ts): operators and above. */
export const outboxApi = {
  list: (slug: string, query: OutboxQuery) => api.get('/api/communities/{slug}/outbox', { path: { slug }, query }),
  kinds: (slug: string) => api.get('/api/communities/{slug}/outbox/kinds', { path: { slug } }),
  retry: (slug: string, itemId: number) =>
    api.post('/api/communities/{slug}/outbox/{itemId}/retry', { path: { slug, itemId } }),
  cancel: (slug: string, itemId: number) =>
    api.post('/api/communities/{slug}/outbox/{itemId}/cancel', { path: { slug, itemId } }),
};

export const outboxKeys = {
  all: (slug: string) => ['outbox', slug] as const,
  list: (slug: string, query: OutboxQuery) => ['outbox', slug, 'list', query] as const,
  kinds: (slug: string) => ['outbox', slug, 'kinds'] as const,
};

/** What the console calls an item's state: a pending item held back is "held", a failed one "given up". */
export type OutboxState = 'pending' | 'held' | 'sending' | 'sent' | 'failed' | 'cancelled';

const HELD: ReadonlySet<OutboxItem['reasonCode']> = new Set(['no_connector', 'rate_limited']);

export function stateOf(item: Pick<OutboxItem, 'status' | 'reasonCode'>): OutboxState {
  if (item.status === 'pending' && HELD.has(item.reasonCode)) return 'held';
  return item.status as OutboxState;
}
