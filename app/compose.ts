import { randomUUID } from 'node:crypto';
import { BotbuilderNotifier } from '../bot/botbuilder-notifier.js';
import { CardActionRouter } from '../bot/card-actions.js';
import { CommandRegistry } from '../bot/commands.js';
import { consultationActions, consultationCommands } from '../bot/consultation.handlers.js';
import { createAdapter } from '../bot/adapter.js';
import { foundationCommands } from '../bot/foundation.commands.js';
import { QuorumBot } from '../bot/teams-bot.js';
import { consultationCards } from '../cards/consultation.cards.js';
import type { Config } from '../infra/config.js';
import { CosmosAuditLog } from '../infra/cosmos/audit.cosmos-repo.js';
import { CosmosCarryForwardRepo } from '../infra/cosmos/carry-forward.cosmos-repo.js';
import { CosmosConsultationRepo } from '../infra/cosmos/consultations.cosmos-repo.js';
import { CosmosConversationRefRepo } from '../infra/cosmos/conversations.cosmos-repo.js';
import { CosmosDirectoryRepo } from '../infra/cosmos/directory.cosmos-repo.js';
import { CosmosOutboxRepo } from '../infra/cosmos/outbox.cosmos-repo.js';
import type { CosmosStore } from '../infra/cosmos/store.js';
import { startOutboxPump, type OutboxPump } from '../infra/outbox-pump.js';
import { CosmosLeaseCoordinator } from '../infra/scheduler/cosmos-lease.js';
import { createScheduler } from '../infra/scheduler/scheduler.js';
import { ConsultationService } from '../services/consultation.service.js';
import { DirectoryService } from '../services/directory.service.js';
import { OutboxService } from '../services/outbox.service.js';
import type { Clock } from '../services/ports/clock.js';
import type { Logger } from '../services/ports/logger.js';
import type { Outbox } from '../services/ports/consultations.js';
import { TokenBucketRateLimiter } from '../services/rate-limiter.js';
import { createHttpApp } from './http.js';
import { jobs } from './jobs.js';

export const systemClock: Clock = { now: () => new Date() };

/** Wires config → infra → services → cards → bot. The only place adapters are created. */
export function compose(config: Config, store: CosmosStore, log: Logger, clock: Clock = systemClock) {
  const c = store.containers;
  const instanceId = randomUUID();
  const audit = new CosmosAuditLog(c.audit);
  const conversations = new CosmosConversationRefRepo(c.conversations);
  const directory = new DirectoryService({ repo: new CosmosDirectoryRepo(c.directory), audit, clock });

  const adapter = createAdapter(config.bot, log);
  const notifier = new BotbuilderNotifier(adapter, config.bot.appId ?? '');
  const outboxService = new OutboxService({
    repo: new CosmosOutboxRepo(c.outbox),
    conversations,
    notifier,
    clock,
    log,
    limiter: new TokenBucketRateLimiter({ ratePerSecond: config.sendRatePerSecond }),
    instanceId,
  });
  let pump: OutboxPump | undefined;
  const outbox: Outbox = {
    enqueue: async (items) => {
      const result = await outboxService.enqueue(items);
      if (result.created > 0) pump?.kick();
      return result;
    },
    progress: (partnershipId, batchId) => outboxService.progress(partnershipId, batchId),
  };

  const consultations = new ConsultationService({
    repo: new CosmosConsultationRepo(c.consultations),
    carryForward: new CosmosCarryForwardRepo(c.meetings),
    directory,
    conversations,
    outbox,
    cards: consultationCards,
    audit,
    clock,
    log,
    newId: randomUUID,
    reminderHour: config.jobs.reminderHour,
  });

  outboxService.onProgress(async (batches) => {
    for (const update of await consultations.onDeliveryProgress(batches)) {
      const conversation = await conversations.get(update.partnershipId, update.aadObjectId);
      if (conversation) await notifier.update(conversation, update.activityId, update.card);
    }
  });

  const commands = new CommandRegistry();
  commands.add(...foundationCommands(commands, directory), ...consultationCommands(consultations));
  const cardActions = new CardActionRouter();
  consultationActions(cardActions, consultations);

  const bot = new QuorumBot({
    directory,
    conversations,
    commands,
    cardActions: (actor, action, turn) => cardActions.handle(actor, action, turn),
    clock,
    log,
    tenantId: config.mode === 'azure' ? config.bot.tenantId : undefined,
  });

  const scheduler = createScheduler(jobs({ consultations }), {
    coordinator: new CosmosLeaseCoordinator(c.leases, instanceId),
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

  return {
    http,
    adapter,
    bot,
    scheduler,
    directory,
    conversations,
    audit,
    store,
    outbox: outboxService,
    consultations,
    /** Starts sending queued cards (call once the HTTP server listens). */
    startOutbox: () => {
      pump ??= startOutboxPump(outboxService, log);
      return pump;
    },
  };
}

export type Quorum = ReturnType<typeof compose>;
