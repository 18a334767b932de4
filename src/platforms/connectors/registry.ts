import type { Connector, ConnectorPlatform } from '../connector.js';
import { ircConnector } from './irc/irc.connector.js';
import { telegramConnector } from './telegram/telegram.connector.js';

/** Every live connector by platform; a platform added to ConnectorPlatform without one does not compile. */
export const connectors: Record<ConnectorPlatform, Connector> = {
  telegram: telegramConnector,
  irc: ircConnector,
};

export const CONNECTOR_PLATFORMS = Object.keys(connectors) as ConnectorPlatform[];

/** The platforms whose updates can come by webhook. */
export const WEBHOOK_PLATFORMS = CONNECTOR_PLATFORMS.filter((p) => connectors[p].webhook !== undefined);

export const isConnectorPlatform = (platform: string): platform is ConnectorPlatform =>
  (CONNECTOR_PLATFORMS as string[]).includes(platform);
