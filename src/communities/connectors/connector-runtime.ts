import { randomUUID } from 'node:crypto';
import type { DatabaseHandle } from '../../kernel/db/database.js';
import type { ConnectorRow } from '../../kernel/db/schema-outbox.js';
import type { EventLog } from '../../kernel/event-log/event-log.js';
import { identityOf } from '../../kernel/outbox/addresses.js';
import { loggableError } from '../../kernel/jobs/ticker.js';
import { NoRouteError, type Dispatcher, type Dispatchers, type OutboxItem } from '../../kernel/outbox/dispatcher.js';
import type { Keyring } from '../../kernel/crypto/credentials.js';
import type { ConnectorInstance, ConnectorLog, ConnectorPlatform } from '../../platforms/connector.js';
import { CONNECTOR_PLATFORMS, connectors } from '../../platforms/connectors/registry.js';
import { settingsOf } from './connector-settings.js';
import * as repo from './connectors.repo.js';
import { noteFailure, receiveUpdate } from './inbound.service.js';

export interface ConnectorRuntimeDeps {
  handle: DatabaseHandle;
  eventLog: EventLog;
  /** Opens the connectors' sealed credentials; null: only connectors without secrets run. */
  keyring: Keyring | null;
  log: ConnectorLog & { error(fields: Record<string, unknown>, message: string): void };
  now: () => number;
  /** The largest file a message may carry into Shequn (photo check-ins). */
  maxFileBytes: number;
  /** Injected in tests: the platforms' HTTP. */
  fetch?: typeof fetch;
  /** This process among several on one database (a random id by default). */
  holder?: string;
}

/**
 * How long a process holds a connection-based connector without renewing; renewed every third of
 * it. A process that dies leaves its connectors to another within this time.
 */
export const LEASE_MS = 45_000;

/** The running connectors of a process, and how the rest of Shequn reaches them. */
export interface ConnectorRuntime {
  /** Opens and starts every enabled connector. One that fails to start is noted on its health; the rest run. */
  startAll(): Promise<void>;
  /** After a connector was created, changed or disabled: stops its instance and starts it again if enabled. */
  reload(connectorId: number): Promise<void>;
  stopAll(): Promise<void>;
  /** The outbox's dispatchers: one per platform, routing each item to a connector of its community. */
  dispatchers(): Dispatchers;
  /** Downloads a file by its reference through a connector (its own credentials), if it runs. */
  fileFetcher(connectorId: number): ((ref: string) => Promise<Buffer>) | undefined;
  /** The ids of the connectors running now. */
  running(): number[];
  /**
   * Renews the leases of the connection-based connectors this process runs, stops those another
   * took, and starts the enabled ones whose lease is free. `startAll` runs it every LEASE_MS / 3.
   */
  renewLeases(): Promise<void>;
}

/** Whether a connector holds a connection (then it runs in one process only) or only answers webhooks. */
function holdsConnection(row: ConnectorRow): boolean {
  const connector = connectors[row.platform as ConnectorPlatform];
  if (!connector) return false;
  const inbound = (JSON.parse(row.settings) as { inbound?: string }).inbound ?? connector.inbound[0];
  return inbound === 'connection';
}

interface Running {
  row: ConnectorRow;
  instance: ConnectorInstance;
}

/**
 * Runs a process's connectors (docs/connectors.md): each enabled connector's settings are opened
 * (secrets decrypted in memory only), its platform's `open` gives an instance, `start` opens its
 * connection. Inbound updates go through `receiveUpdate` (the event log's way in); outbox items
 * go to the instance of the item's community and platform that knows the item's group.
 *
 * @example
 * const runtime = createConnectorRuntime({ handle, eventLog, keyring, log, now: Date.now, maxFileBytes });
 * await runtime.startAll();
 * await drainOutbox(handle, runtime.dispatchers(), Date.now());
 */
export function createConnectorRuntime(deps: ConnectorRuntimeDeps): ConnectorRuntime {
  const { handle } = deps;
  const live = new Map<number, Running>();
  const holder = deps.holder ?? randomUUID();
  let leaseTimer: NodeJS.Timeout | null = null;

  /** Starts the connector unless it holds a connection whose lease another process has. */
  async function launchIfLeased(row: ConnectorRow): Promise<void> {
    if (holdsConnection(row) && !(await repo.takeLease(handle.db, row.id, holder, deps.now(), deps.now() + LEASE_MS)))
      return;
    await launch(row);
  }

  async function launch(row: ConnectorRow): Promise<void> {
    const connector = connectors[row.platform as ConnectorPlatform];
    if (!connector) return;
    try {
      const instance = connector.open({
        connectorId: row.id,
        communityId: row.community_id,
        settings: settingsOf(row, deps.keyring),
        lastUpdateId: row.last_update_id,
        receive: async (update) => {
          await receiveUpdate(deps.eventLog, row, update, deps.now(), (ref) =>
            instance.fetchFile
              ? instance.fetchFile(ref, deps.maxFileBytes)
              : Promise.reject(new Error('no files here')),
          );
        },
        reportError: (error) => {
          deps.log.warn({ connectorId: row.id, ...loggableError(error) }, 'connector error');
          void noteFailure(handle.db, row.id, error, deps.now());
        },
        chatAddress: (groupId) => repo.chatAddressOf(handle.db, row.id, groupId),
        identityOf: (memberId) => identityOf(handle.db, row.community_id, row.platform, memberId),
        log: deps.log,
        fetch: deps.fetch,
      });
      live.set(row.id, { row, instance });
      await instance.start();
    } catch (error) {
      live.delete(row.id);
      await noteFailure(handle.db, row.id, error, deps.now());
      deps.log.error({ connectorId: row.id, ...loggableError(error) }, 'connector did not start');
    }
  }

  async function halt(connectorId: number): Promise<void> {
    const running = live.get(connectorId);
    if (!running) return;
    live.delete(connectorId);
    await running.instance.stop();
    if (holdsConnection(running.row)) await repo.releaseLease(handle.db, connectorId, holder);
  }

  async function renewLeases(): Promise<void> {
    for (const row of await repo.listEnabledConnectors(handle.db)) {
      if (!holdsConnection(row)) continue;
      const held = await repo.takeLease(handle.db, row.id, holder, deps.now(), deps.now() + LEASE_MS);
      if (held && !live.has(row.id)) await launch(row);
      if (!held && live.has(row.id)) {
        // Another process has it (this one missed its renewals): let go without touching its lease.
        const running = live.get(row.id)!;
        live.delete(row.id);
        await running.instance.stop();
      }
    }
  }

  /** The instance an item goes through: its community's, of its platform, preferring the one that saw its group. */
  async function instanceFor(item: OutboxItem): Promise<ConnectorInstance> {
    const candidates = [...live.values()].filter(
      (r) => r.row.community_id === item.communityId && r.row.platform === item.platform,
    );
    if (candidates.length === 0) throw new NoRouteError(`no ${item.platform} connector is running for this community`);
    if (candidates.length === 1 || item.groupId === null) return candidates[0].instance;
    const seen = await repo.connectorsWithChat(
      handle.db,
      candidates.map((c) => c.row.id),
      item.groupId,
    );
    return (candidates.find((c) => seen.includes(c.row.id)) ?? candidates[0]).instance;
  }

  return {
    async startAll() {
      for (const row of await repo.listEnabledConnectors(handle.db)) await launchIfLeased(row);
      leaseTimer ??= setInterval(() => {
        renewLeases().catch((error) => deps.log.error(loggableError(error), 'connector leases'));
      }, LEASE_MS / 3);
      leaseTimer.unref();
    },
    async reload(connectorId) {
      await halt(connectorId);
      const row = await repo.findConnectorById(handle.db, connectorId);
      if (row && row.enabled === 1) await launchIfLeased(row);
    },
    async stopAll() {
      if (leaseTimer) clearInterval(leaseTimer);
      leaseTimer = null;
      await Promise.all([...live.keys()].map(halt));
    },
    renewLeases,
    dispatchers() {
      const made: Dispatchers = {};
      for (const platform of CONNECTOR_PLATFORMS) {
        const dispatcher: Dispatcher = {
          limits: connectors[platform].limits,
          send: async (item) => (await instanceFor(item)).send(item),
        };
        made[platform] = dispatcher;
      }
      return made;
    },
    fileFetcher(connectorId) {
      const instance = live.get(connectorId)?.instance;
      if (!instance?.fetchFile) return undefined;
      return (ref) => instance.fetchFile!(ref, deps.maxFileBytes);
    },
    running: () => [...live.keys()],
  };
}
