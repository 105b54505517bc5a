import { randomUUID } from 'node:crypto';
import { CommandRegistry } from '../bot/commands.js';
import { createAdapter } from '../bot/adapter.js';
import { foundationCommands } from '../bot/foundation.commands.js';
import { QuorumBot, type CardActionHandler } from '../bot/teams-bot.js';
import type { Config } from '../infra/config.js';
import { CosmosAuditLog } from '../infra/cosmos/audit.cosmos-repo.js';
import { CosmosConversationRefRepo } from '../infra/cosmos/conversations.cosmos-repo.js';
import { CosmosDirectoryRepo } from '../infra/cosmos/directory.cosmos-repo.js';
import type { CosmosStore } from '../infra/cosmos/store.js';
import { CosmosLeaseCoordinator } from '../infra/scheduler/cosmos-lease.js';
import { createScheduler, type Job } from '../infra/scheduler/scheduler.js';
import { DirectoryService } from '../services/directory.service.js';
import type { Clock } from '../services/ports/clock.js';
import type { Logger } from '../services/ports/logger.js';
import { createHttpApp } from './http.js';

export const systemClock: Clock = { now: () => new Date() };

/** Wires config → infra → services → cards → bot. The only place adapters are created. */
export function compose(config: Config, store: CosmosStore, log: Logger, clock: Clock = systemClock) {
  const c = store.containers;
  const audit = new CosmosAuditLog(c.audit);
  const conversations = new CosmosConversationRefRepo(c.conversations);
  const directory = new DirectoryService({ repo: new CosmosDirectoryRepo(c.directory), audit, clock });

  const commands = new CommandRegistry();
  commands.add(...foundationCommands(commands, directory));

  const cardActions: CardActionHandler = async (_actor, action) => {
    throw new Error(`no handler for verb ${(action as { verb: string }).verb}`);
  };

  const adapter = createAdapter(config.bot, log);
  const bot = new QuorumBot({
    directory,
    conversations,
    commands,
    cardActions,
    clock,
    log,
    tenantId: config.mode === 'azure' ? config.bot.tenantId : undefined,
  });

  const jobs: Job[] = [];
  const scheduler = createScheduler(jobs, {
    coordinator: new CosmosLeaseCoordinator(c.leases, randomUUID()),
    log,
  });

  const http = createHttpApp({
    adapter,
    bot,
    ready: async () => {
      await store.database.read();
      return true;
    },
  });

  return { http, adapter, bot, scheduler, directory, conversations, audit, store };
}

export type Quorum = ReturnType<typeof compose>;
