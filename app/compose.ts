import { randomUUID } from 'node:crypto';
import { BotbuilderNotifier } from '../bot/botbuilder-notifier.js';
import { CardActionRouter } from '../bot/card-actions.js';
import { CommandRegistry } from '../bot/commands.js';
import { consultationActions, consultationCommands } from '../bot/consultation.handlers.js';
import { createAdapter } from '../bot/adapter.js';
import { foundationCommands } from '../bot/foundation.commands.js';
import { QuorumBot } from '../bot/teams-bot.js';
import { consultationPresenter } from '../cards/consultation/present.js';
import { meetingActions, meetingCommands, meetingReplies } from '../bot/meeting.handlers.js';
import { meetingPresenter } from '../cards/meeting/present.js';
import { CosmosMeetingRepo } from '../infra/cosmos/meetings.cosmos-repo.js';
import { meetingUseCases } from '../services/meeting/index.js';
import type { Config } from '../infra/config.js';
import { CosmosAuditLog } from '../infra/cosmos/audit.cosmos-repo.js';
import { CosmosCarryForwardRepo } from '../infra/cosmos/carry-forward.cosmos-repo.js';
import { CosmosConsultationRepo } from '../infra/cosmos/consultations.cosmos-repo.js';
import { CosmosConversationRefRepo } from '../infra/cosmos/conversations.cosmos-repo.js';
import { CosmosDirectoryRepo } from '../infra/cosmos/directory.cosmos-repo.js';
import { CosmosOutboxRepo } from '../infra/cosmos/outbox.cosmos-repo.js';
import { CosmosRetentionStore } from '../infra/cosmos/retention.cosmos-store.js';
import { retentionPresenter } from '../cards/retention/present.js';
import { standInWords } from '../cards/data-protection/words.js';
import { retentionUseCases } from '../services/retention/index.js';
import type { CosmosStore } from '../infra/cosmos/store.js';
import { startOutboxPump, type OutboxPump } from '../infra/outbox-pump.js';
import { CosmosLeaseCoordinator } from '../infra/scheduler/cosmos-lease.js';
import { createScheduler } from '../infra/scheduler/scheduler.js';
import { consultationUseCases } from '../services/consultation/index.js';
import { DirectoryService } from '../services/directory.service.js';
import { lateBounces, OutboxService } from '../services/outbox/index.js';
import type { Clock } from '../services/ports/clock.js';
import type { Logger } from '../services/ports/logger.js';
import type { Outbox } from '../services/ports/consultations.js';
import { TokenBucketRateLimiter } from '../services/rate-limiter.js';
import { dataProtectionActions, dataProtectionCommands } from '../bot/data-protection.handlers.js';
import { reachCommands } from '../bot/reach.handlers.js';
import { cosmosPersonalData } from '../infra/cosmos/personal-data.cosmos.js';
import { createAppInstaller, graphTokenProvider, type GraphTokenProvider } from '../infra/graph/graph-installer.js';
import { createPeopleDirectory } from '../infra/graph/graph-people.js';
import { dataProtectionUseCases } from '../services/data-protection/index.js';
import { reachUseCases } from '../services/reach/index.js';
import { CosmosActionQueries, CosmosConsultationQueries, CosmosDeliveryQueries } from '../infra/cosmos/dashboard.cosmos-queries.js';
import { tabAuthFromConfig } from '../infra/tab-auth.js';
import { attendanceOver, dashboardUseCases } from '../services/dashboard/index.js';
import { createHttpApp } from './http.js';
import { tabApiRouter, tabFiles } from './tab-api.js';
import { jobs } from './jobs.js';
import { actionActions, actionCommands } from '../bot/action.handlers.js';
import { actionPresenter } from '../cards/action/present.js';
import { policyPresenter } from '../cards/policy/present.js';
import { CosmosActionRepo, CosmosPolicyRepo } from '../infra/cosmos/actions.cosmos-repo.js';
import { actionUseCases, scheduledMeetings } from '../services/action/index.js';
import { policyUseCases } from '../services/policy/index.js';
import { membershipUseCases } from '../services/membership/index.js';
import { membershipCards } from '../cards/membership/present.js';
import { membershipCommands } from '../bot/membership.handlers.js';
import { membershipFiles } from '../infra/spreadsheet/membership-files.js';
import { returnsPresenter, type ReturnsLink } from '../cards/returns/present.js';
import { CosmosReturnsRepo } from '../infra/cosmos/returns.cosmos-repo.js';
import { returnsUseCases } from '../services/returns/index.js';
import { returnActionRegister } from './returns-actions.js';
import { returnsMeetings } from './returns-meetings.js';
import { invitationPresenter } from '../cards/meeting/invitation-event.js';
import { attendanceRegisterPresenter } from '../cards/meeting/attendance-register.js';
import { liveMeetingEvents } from '../bot/live-meeting.handlers.js';
import { CosmosOnlineMeetingRepo } from '../infra/cosmos/online-meetings.cosmos-repo.js';
import { createOnlineMeetings } from '../infra/graph/graph-calendar.js';
import { onlineMeetingUseCases } from '../services/meeting/online.js';
import type { OnlineMeetings } from '../services/ports/online-meetings.js';
import { emailCards } from '../cards/email/index.js';
import { createBoardInbox, createMailer } from '../infra/graph/graph-mail.js';
import { AnswerLinks, emailAnswerUseCases } from '../services/email-answers/index.js';
import { directoryRecipients } from '../services/outbox/recipients.js';
import type { BoardInbox } from '../services/ports/mailer.js';
import type { BounceFact } from '../services/ports/email.js';
import type { Delivery } from '../services/ports/outbox.js';
import { answerPagesRouter, type HeldMail } from './answer-pages.js';

export const systemClock: Clock = { now: () => new Date() };

/** Wires config → infra → services → cards → bot. The only place adapters are created. */
/** The managers see a retention purge's dry run this many days before it. */
export const RETENTION_NOTICE_DAYS = 14;

export function compose(config: Config, store: CosmosStore, log: Logger, clock: Clock = systemClock, extras: ComposeExtras = {}) {
  const c = store.containers;
  const instanceId = randomUUID();
  const audit = new CosmosAuditLog(c.audit);
  const conversations = new CosmosConversationRefRepo(c.conversations);
  const directoryRepo = new CosmosDirectoryRepo(c.directory);
  const directory = new DirectoryService({ repo: directoryRepo, audit, clock });
  const meetingRepo = new CosmosMeetingRepo(c.meetings);
  const carryForward = new CosmosCarryForwardRepo(c.meetings);

  const adapter = createAdapter(config.bot, log);
  const notifier = new BotbuilderNotifier(adapter, config.bot.appId ?? '');
  const consultationRepo = new CosmosConsultationRepo(c.consultations);
  // One token provider (one credential, one cache) for every Graph client.
  const graphToken = extras.graphToken ?? graphTokenProvider(config);
  const mailer = createMailer(config, log, graphToken);
  const answerLinks = new AnswerLinks({
    key: config.mail.linkKey,
    baseUrl: publicBaseUrl(config),
    consultations: consultationRepo,
    // A meeting's links answer until it starts; a cancelled one gets none.
    meetings: {
      startsAt: async (partnershipId, meetingId) => {
        const m = await meetingRepo.getMeeting(partnershipId, meetingId);
        return m?.status === 'scheduled' ? m.startsAt : undefined;
      },
    },
    clock,
  });
  const outboxRepo = new CosmosOutboxRepo(c.outbox);
  const mailRecipients = directoryRecipients(directory);
  // A bounce tells the managers in Teams, once per delivery (the batch id is the delivery's).
  const tellBounce = async (d: Delivery, fact: BounceFact) => {
    const managers = (await directory.directory(d.partnershipId)).managers();
    await outbox.enqueue(managers.map((m) => ({ partnershipId: d.partnershipId, batchId: `mail-bounce:${d.id}`, recipientAad: m.aadObjectId, card: emailCards.bounced(fact) })));
  };
  const outboxService = new OutboxService({
    repo: outboxRepo,
    conversations,
    notifier,
    clock,
    log,
    limiter: new TokenBucketRateLimiter({ ratePerSecond: config.sendRatePerSecond }),
    instanceId,
    email: config.mail.linkKey
      ? {
          recipients: mailRecipients,
          cards: emailCards,
          links: answerLinks,
          mailer,
          limiter: new TokenBucketRateLimiter({ ratePerSecond: config.mail.ratePerSecond }),
          newRef: () => randomUUID().replace(/-/g, ''),
          onBounce: tellBounce,
        }
      : undefined,
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

  const consultationCardPresenter = consultationPresenter(clock);
  const consultations = consultationUseCases({
    repo: consultationRepo,
    carryForward,
    directory,
    conversations,
    outbox,
    presenter: consultationCardPresenter.port,
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

  const people = createPeopleDirectory(config, log, graphToken);
  // Meetings held in Teams: only with a board mailbox (MEETINGS_MAILBOX) and an identity for Graph.
  const onlineMeetings = extras.onlineMeetings ?? createOnlineMeetings(config, log, graphToken);
  const online = onlineMeetings
    ? onlineMeetingUseCases({
        meetings: meetingRepo,
        records: new CosmosOnlineMeetingRepo(c.meetings),
        online: onlineMeetings,
        people,
        directory,
        outbox,
        presenters: { invitation: invitationPresenter, attendanceRegister: attendanceRegisterPresenter },
        clock,
        log,
        presentMinutes: config.meetings.presentMinutes,
      })
    : undefined;

  const meetings = meetingUseCases({
    onChanged: online && ((partnershipId, meetingId) => online.invitations.meetingChanged(partnershipId, meetingId)),
    repo: meetingRepo,
    carryForward,
    directory,
    outbox,
    present: meetingPresenter,
    audit,
    clock,
    log,
    newId: randomUUID,
    reminderHour: config.jobs.reminderHour,
  });

  const emailAnswers = emailAnswerUseCases({
    key: config.mail.linkKey,
    directories: directory,
    consultations,
    repo: consultationRepo,
    meetings,
    meetingRepo,
    audit,
    clock,
    log,
  });

  const actionRepo = new CosmosActionRepo(c.actions);
  const policyRepo = new CosmosPolicyRepo(c.actions);
  const actions = actionUseCases({
    repo: actionRepo,
    directory,
    outbox,
    cards: actionPresenter,
    meetings: scheduledMeetings(meetingRepo),
    audit,
    clock,
    log,
    newId: randomUUID,
    reminderHour: config.jobs.reminderHour,
  });
  const policies = policyUseCases({
    repo: policyRepo,
    directory,
    outbox,
    cards: policyPresenter,
    audit,
    clock,
    log,
    newId: randomUUID,
    reminderHour: config.jobs.reminderHour,
  });

  const returnsRepo = new CosmosReturnsRepo(c.returns);
  const returns = returnsUseCases({
    repo: returnsRepo,
    directories: directory,
    outbox,
    presenter: returnsPresenter(returnsLink(config)),
    actions: returnActionRegister({ actions, directory, log }),
    meetings: returnsMeetings({ meetings, repo: meetingRepo }),
    carryForward,
    audit,
    clock,
    log,
    reminderHour: config.jobs.reminderHour,
  });

  const dataProtection = dataProtectionUseCases({
    directory,
    // Stores added later (meetings, actions) join this list with their PersonalData.
    stores: cosmosPersonalData(c),
    audit,
    standInWords,
    clock,
    log,
  });
  const reach = reachUseCases({
    conversations,
    installer: createAppInstaller(config, log, graphToken),
    audit,
    clock,
    log,
  });

  const membership = membershipUseCases({
    repo: directoryRepo,
    directory,
    people,
    files: membershipFiles,
    conversations,
    outbox,
    cards: membershipCards,
    audit,
    clock,
    log,
    setupManagers: config.setupManagers,
  });
  const membersUrl = membersPageUrl(config);

  const commands = new CommandRegistry();
  commands.add(...foundationCommands(commands, directory), ...consultationCommands(consultations, consultationCardPresenter));
  commands.add(...dataProtectionCommands(dataProtection), ...reachCommands(reach));
  const meetingReply = meetingReplies(meetings, online?.attendance);
  commands.add(...meetingCommands(meetingReply));
  commands.add(...actionCommands(actions, policies));
  commands.add(...membershipCommands(membership, membersUrl));
  const cardActions = new CardActionRouter();
  consultationActions(cardActions, consultations, consultationCardPresenter);
  meetingActions(cardActions, meetingReply);
  dataProtectionActions(cardActions, dataProtection);
  actionActions(cardActions, actions, policies);

  const bot = new QuorumBot({
    directory,
    conversations,
    commands,
    cardActions: (actor, action, turn) => cardActions.handle(actor, action, turn),
    clock,
    log,
    // Enforced whenever a tenant is configured, local mode included.
    tenantId: config.bot.tenantId,
    setupCard: async (aadObjectId) => ((await membership.isSetup(aadObjectId)) ? membershipCards.setup(membersUrl) : undefined),
  });

  const retention = retentionUseCases({
    store: new CosmosRetentionStore(c),
    outbox,
    presenter: retentionPresenter,
    directories: () => directory.directories(),
    clock,
    log,
    years: config.retentionYears,
    noticeDays: RETENTION_NOTICE_DAYS,
  });

  if (online) liveMeetingEvents(bot, online.live, clock, log);

  // Late non-delivery reports in the board mailbox: read only where email is sent.
  const mail = config.mail.linkKey
    ? lateBounces({ inbox: extras.boardInbox ?? createBoardInbox(config, log, graphToken), deliveries: outboxRepo, recipients: mailRecipients, tell: tellBounce, clock, log })
    : undefined;
  const scheduler = createScheduler(jobs({ consultations, meetings, actions, policies, returns, retention, online, mail }), {
    coordinator: new CosmosLeaseCoordinator(c.leases, instanceId),
    log,
  });

  const dashboard = dashboardUseCases({
    consultations: new CosmosConsultationQueries(c.consultations),
    attendance: attendanceOver(meetingRepo),
    actions: new CosmosActionQueries(c.actions),
    deliveries: new CosmosDeliveryQueries(c.outbox),
    returns: returnsRepo,
    clock,
    reminderHour: config.jobs.reminderHour,
  });
  const tabAuth = tabAuthFromConfig(config);

  const http = createHttpApp({
    tab: { api: tabApiRouter({ auth: tabAuth, directory, dashboard, members: membership, returns, ...(online ? { liveQuorum: online.live } : {}), log }), files: tabFiles() },
    adapter,
    bot,
    log,
    pages: config.mail.linkKey ? answerPagesRouter({ answers: emailAnswers, log, heldMail: config.mode === 'local' ? extras.heldMail : undefined }) : undefined,
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
    retention,
    directory,
    conversations,
    audit,
    store,
    outbox: outboxService,
    consultations,
    /** The consultations' store, for tests that read what was stored. */
    consultationRepo,
    meetings,
    /** The meetings' store, for tests that read what was stored. */
    meetingRepo,
    /** Meetings held in Teams (invitations, attendance reports, live quorum); undefined without MEETINGS_MAILBOX. */
    online,
    actions,
    policies,
    dashboard,
    dataProtection,
    reach,
    membership,
    returns,
    emailAnswers,
    /** The late non-delivery reports job (`mail.late-bounces`); undefined where no email is sent. */
    mail,
    /** The host tenant's directory (Microsoft Graph, or the local stand-in), for the Members page. */
    people,
    /** Starts sending queued cards (call once the HTTP server listens). */
    startOutbox: () => {
      pump ??= startOutboxPump(outboxService, log);
      return pump;
    },
  };
}

export type Quorum = ReturnType<typeof compose>;

/**
 * Where the Members page opens: in Teams, a deep link to the dashboard tab's Members view; locally,
 * the tab served by this process.
 */
function membersPageUrl(config: Config): string {
  if (config.mode === 'azure' && config.bot.appId) {
    const context = encodeURIComponent(JSON.stringify({ subEntityId: 'members' }));
    return `https://teams.microsoft.com/l/entity/${config.bot.appId}/dashboard?context=${context}`;
  }
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host}:${config.port}/tab/index.html?view=members`;
}

/** Where a returns card opens: the tab's Returns view on one return or on the matrix (a deep link in Teams). */
function returnsLink(config: Config): ReturnsLink {
  return ({ roundId, agencyId }) => {
    const target = agencyId ? `returns:${roundId}:${agencyId}` : `returns:${roundId}`;
    if (config.mode === 'azure' && config.bot.appId) {
      const context = encodeURIComponent(JSON.stringify({ subEntityId: target }));
      return `https://teams.microsoft.com/l/entity/${config.bot.appId}/dashboard?context=${context}`;
    }
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const params = new URLSearchParams({ view: 'returns', round: roundId, ...(agencyId ? { agency: agencyId } : {}) });
    return `http://${host}:${config.port}/tab/index.html?${params.toString()}`;
  };
}

/** Where the answer links in emails point: the public host in Azure, this process locally. */
function publicBaseUrl(config: Config): string {
  if (config.mode === 'azure' && config.publicHostname) return `https://${config.publicHostname}`;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host}:${config.port}`;
}

/** Test seams: things a test supplies instead of the real ones. */
export interface ComposeExtras {
  /** A Microsoft Graph token without Azure (the reach tests' stand-in Graph). */
  graphToken?: GraphTokenProvider;
  /** The board calendar, instead of the one config names. */
  onlineMeetings?: OnlineMeetings;
  /** Local mode: the mails the stand-in Graph holds, for the development mailbox page (/dev/mail). */
  heldMail?: () => readonly HeldMail[];
  /** The board mailbox's inbox, instead of Graph's (tests). */
  boardInbox?: BoardInbox;
}
