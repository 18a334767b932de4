import { api, type Body, type Schema } from '../api/client';

export type Connector = Schema<'Connector'>;
export type CreatedConnector = Schema<'CreatedConnector'>;
export type ConnectorPlatform = Schema<'ConnectorPlatform'>;
export type ConnectorField = ConnectorPlatform['fields'][number];
export type ConnectorChat = Schema<'ConnectorChat'>;
export type NewConnector = Body<'/api/communities/{slug}/connectors', 'post'>;
export type ConnectorChange = Body<'/api/communities/{slug}/connectors/{connectorId}', 'patch'>;

/** A community's connectors to chat platforms (src/communities/connectors/connectors.routes.ts). */
export const connectorsApi = {
  platforms: () => api.get('/api/connector-platforms'),
  list: (slug: string) => api.get('/api/communities/{slug}/connectors', { path: { slug } }),
  create: (slug: string, body: NewConnector) =>
    api.post('/api/communities/{slug}/connectors', { path: { slug }, body }),
  /** The platform's live check of the settings: the account they belong to, or CREDENTIALS_REJECTED. */
  check: (slug: string, platform: NewConnector['platform'], settings: Record<string, string>) =>
    api.post('/api/communities/{slug}/connectors/check', { path: { slug }, body: { platform, settings } }),
  /** A secret setting left out keeps its stored value. */
  update: (slug: string, connectorId: number, body: ConnectorChange) =>
    api.patch('/api/communities/{slug}/connectors/{connectorId}', { path: { slug, connectorId }, body }),
  chats: (slug: string, connectorId: number) =>
    api.get('/api/communities/{slug}/connectors/{connectorId}/chats', { path: { slug, connectorId } }),
};

export const connectorKeys = {
  platforms: ['connector-platforms'] as const,
  list: (slug: string) => ['connectors', slug] as const,
  chats: (slug: string, id: number) => ['connectors', slug, id, 'chats'] as const,
};
