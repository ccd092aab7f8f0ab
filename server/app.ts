import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { auditPersonalData } from './audit/audit.personal-data.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { AuditService } from './audit/audit.service.ts';
import { accountPersonalData } from './accounts/accounts.personal-data.ts';
import { accountRoutes } from './accounts/accounts.routes.ts';
import { AccountService } from './accounts/accounts.service.ts';
import { PasswordCheck } from './accounts/password-check.ts';
import type { Clock } from './clock.ts';
import { consolePage } from './console/console-page.ts';
import { consentPersonalData } from './consent/consent.personal-data.ts';
import { consentRoutes } from './consent/consent.routes.ts';
import { ConsentService } from './consent/consent.service.ts';
import { parseSettings } from './consultation-settings.ts';
import { consultationRoutes } from './consultations/consultations.routes.ts';
import { ConsultationService } from './consultations/consultations.service.ts';
import { apiSecurityHeaders, readJsonBody } from './http/api-guards.ts';
import type { AppEnv } from './app-env.ts';
import { readSession, requireAccount } from './accounts/auth.ts';
import { clientIp, parseTrustedProxies, type TrustedProxies } from './http/client-ip.ts';
import { assembleErrorStatuses, commonErrorStatuses, createErrorHandler, handleNotFound } from './http/errors.ts';
import { completeDocument, jsonResponse, securedOperations } from './http/openapi.ts';
import { RateLimiter } from './http/rate-limit.ts';
import { rateLimitPersonalData } from './accounts/rate-limit.personal-data.ts';
import { publicCors, tenantCors } from './tenants/tenant-cors.ts';
import { widgetAssets } from './http/widget-assets.ts';
import type { Mailer } from './mail/mailer.ts';
import { outboxPersonalData } from './mail/outbox.personal-data.ts';
import { OutboxWorker } from './mail/outbox.worker.ts';
import { RetentionJob } from './retention/retention.job.ts';
import { PersonalDataRegistry } from './personal-data/registry.ts';
import { rightsPersonalData } from './rights/rights.personal-data.ts';
import { rightsRoutes } from './rights/rights.routes.ts';
import { RightsService } from './rights/rights.service.ts';
import type { ErasureLedger } from './personal-data/erasure-ledger.ts';
import { KeyRing } from './key-ring.ts';
import { participationErrorStatuses } from './participation/participation.ts';
import { ParticipationService } from './participation/participation.service.ts';
import { proposalErrorStatuses } from './proposals/proposals.ts';
import { IMAGE_UPLOAD_PATH, proposalRoutes } from './proposals/proposals.routes.ts';
import { ProposalService } from './proposals/proposals.service.ts';
import { proposalPersonalData } from './proposals/proposals.personal-data.ts';
import { QuarantineService, quarantineErrorStatuses } from './participation/quarantine.service.ts';
import type { Secrets } from './secrets.ts';
import { statsRoutes } from './stats/stats.routes.ts';
import { exportRoutes } from './exports/exports.routes.ts';
import { moderationErrorStatuses } from './moderation/moderation.ts';
import { moderationPersonalData } from './moderation/moderation.personal-data.ts';
import { moderationRoutes } from './moderation/moderation.routes.ts';
import { ModerationService } from './moderation/moderation.service.ts';
import { ExportService } from './exports/exports.service.ts';
import { StatsService } from './stats/stats.service.ts';
import type { StaffActor } from './staff/roles.ts';
import { staffRoutes } from './staff/staff.routes.ts';
import { rightsLedgerRoutes } from './rights/ledger.routes.ts';
import { StaffService } from './staff/staff.service.ts';
import type { Store } from './store.ts';
import { stuffingPersonalData } from './stuffing/stuffing.personal-data.ts';
import { StuffingService } from './stuffing/stuffing.service.ts';
import { surveyPersonalData } from './surveys/surveys.personal-data.ts';
import { surveyRoutes } from './surveys/surveys.routes.ts';
import { surveyErrorStatuses, SurveyService } from './surveys/surveys.service.ts';
import { TenantDirectory } from './tenants/tenant-directory.ts';
import { originRoutes } from './tenant-settings/origins.routes.ts';
import { TenantService } from './tenants/tenants.service.ts';
import { tenantRoutes } from './tenants/tenants.routes.ts';
import { tenantSettingsRoutes } from './tenant-settings/tenant-settings.routes.ts';
import { TenantSettingsService } from './tenant-settings/tenant-settings.service.ts';
import { ConsultationCache, consultationErrorStatuses } from './consultations/consultation-cache.ts';
import { ballotPersonalData } from './votes/votes.personal-data.ts';
import { castBallotHotRoute, voteRoutes } from './votes/votes.routes.ts';
import { hotRoutesListener } from './tenants/hot-routes.ts';
import { RESOURCE_IMAGE_UPLOAD_PATH, resourceRoutes } from './resources/resources.routes.ts';
import { ResourceService, resourceErrorStatuses } from './resources/resources.service.ts';
import { resourcesPersonalData } from './resources/resources.personal-data.ts';
import { PartnerService, partnerErrorStatuses } from './tenants/partners.service.ts';
import { partnerRoutes } from './tenant-settings/partners.routes.ts';
import { voteErrorStatuses, VoteService } from './votes/votes.service.ts';

const healthRoute = createRoute({
  operationId: 'getHealth',
  tags: ['service'],
  summary: 'Liveness: the API answers',
  method: 'get',
  path: '/v1/health',
  responses: { 200: jsonResponse(z.object({ status: z.literal('ok'), time: z.string() }).openapi('Health'), 'Up') },
});

export interface AppDeps {
  store: Store;
  clock: Clock;
  mailer: Mailer;
  secrets: Secrets;
  /** Proxies whose forwarding headers are believed (see `TRUSTED_PROXIES`). */
  trustedProxies?: TrustedProxies;
  /** The API's own public origin: same-origin requests are not cross-site. */
  publicOrigin?: string;
  /** The widget releases, served at /widgets/<release>/ and /widgets/<alias>/; absent in API-only tests. */
  widgetsDir?: string;
  /** Records every erasure outside the database, for restores to replay (`DATA_DIR/erasures.jsonl`). */
  erasureLedger?: ErasureLedger;
}

export type Services = ReturnType<typeof createServices>;

/** The services, wired once from the dependencies; tests reach them to drive jobs and inspect state. */
export function createServices(deps: AppDeps) {
  const { store, clock } = deps;
  const registry = new PersonalDataRegistry(deps.erasureLedger, clock);
  const outboxWorker = new OutboxWorker(store.outbox, deps.mailer, clock, (line) => console.warn(line));
  const limiterKeys = new KeyRing(store.stuffing, clock, 'rate-limit');
  const limiter = new RateLimiter(store.rateLimits, clock, limiterKeys);
  const kindSettings = { parse: parseSettings };
  const consultationCache = new ConsultationCache(store.consultations, clock, kindSettings);
  const audit = new AuditService(store.audit, clock);
  const consultations = new ConsultationService(
    store.consultations,
    clock,
    kindSettings,
    consultationCache,
    async (tenantId) => (await store.tenantSettings.get(tenantId))?.defaultRetentionDays ?? null,
  );
  const passwords = new PasswordCheck(limiter);
  const rights = new RightsService(registry, store.rights, store.consultations, clock, passwords);
  const accounts = new AccountService(
    store.accounts,
    store.tenants,
    clock,
    limiter,
    passwords,
    (id, kind, tenantId) => rights.log(id, kind, tenantId),
    () => outboxWorker.nudge(),
  );
  const stuffing = new StuffingService(store.stuffing, clock, [limiterKeys]);
  const tenants = new TenantDirectory(store.tenants, clock);
  const consent = new ConsentService(store.consent, stuffing, clock);
  const participations = new ParticipationService(store.participations, stuffing, clock);
  const votes = new VoteService(store.ballots, consultationCache, participations, clock);
  const surveys = new SurveyService(store.surveys, consultationCache, participations, clock);
  const stats = new StatsService(store.stats, consultationCache, store.tenants, store.consultations, clock);
  const tenantSettings = new TenantSettingsService(tenants, store.tenantSettings, clock);
  const moderation = new ModerationService(
    store.moderation,
    store.accounts,
    clock,
    async (tenantId) => (await store.tenantSettings.get(tenantId))?.flagThreshold ?? null,
    () => outboxWorker.nudge(),
  );
  const proposals = new ProposalService(
    store.proposals,
    consultationCache,
    consultations,
    participations,
    moderation,
    store.accounts,
    audit,
    clock,
    () => outboxWorker.nudge(),
    limiter,
  );
  const quarantine = new QuarantineService(
    [votes.quarantine, surveys.quarantine, proposals.quarantine],
    consultationCache,
    store.participations,
    deps.secrets.hmacKey,
  );
  const exports = new ExportService(consultations, votes, surveys, stats, clock);
  const resources = new ResourceService(store.resources, consultationCache, moderation, clock, store.accounts, limiter, store.partners, store.outbox, () =>
    outboxWorker.nudge(),
  );
  const partners = new PartnerService<StaffActor>(store.partners, clock, (event, actor) => audit.record({ ...event, actor }));
  const origins = new TenantService<StaffActor>(store.tenants, (event, actor) => audit.record({ ...event, actor }));
  const staff = new StaffService(store.tenants, store.accounts, accounts, audit, clock, deps.publicOrigin ?? 'http://127.0.0.1:8787');

  // The account entry comes first so that it is erased last.
  registry.register(accountPersonalData(store.accounts, store.tenants));
  registry.register(rightsPersonalData(store.rights));
  registry.register(outboxPersonalData(store.outbox));
  registry.register(stuffingPersonalData(store.stuffing));
  registry.register(consentPersonalData(store.consent));
  registry.register(ballotPersonalData(store.ballots, store.consultations));
  registry.register(surveyPersonalData(store.surveys, store.consultations));
  registry.register(rateLimitPersonalData(limiter, store.rateLimits, store.accounts));
  registry.register(auditPersonalData(store.audit, clock));
  registry.register(moderationPersonalData(store.moderation));
  registry.register(resourcesPersonalData(store.resources));
  registry.register(proposalPersonalData(store.proposals, store.consultations));

  const retention = new RetentionJob({
    store,
    clock,
    registry,
    stuffing,
    rights,
    rules: [
      { name: 'consentProofs', eraseExpired: () => consent.eraseExpired() },
      { name: 'auditEvents', eraseExpired: () => audit.eraseExpired() },
      { name: 'resourceThreads', eraseExpired: () => resources.eraseExpiredThreads() },
      { name: 'unattachedProposalImages', eraseExpired: () => proposals.eraseUnattachedImages() },
      { name: 'unattachedResourceImages', eraseExpired: () => resources.eraseUnattachedImages() },
    ],
    beforePurge: (consultationId) => stats.freeze(consultationId),
  });
  return {
    audit,
    registry,
    outboxWorker,
    limiter,
    consultations,
    rights,
    accounts,
    stuffing,
    tenants,
    retention,
    consent,
    participations,
    votes,
    surveys,
    quarantine,
    stats,
    exports,
    moderation,
    tenantSettings,
    resources,
    proposals,
    staff,
    origins,
    partners,
  };
}

/** Every error code the API can answer with, and its status: each feature's list, assembled. */
export function errorStatuses() {
  return assembleErrorStatuses([
    commonErrorStatuses,
    consultationErrorStatuses,
    participationErrorStatuses,
    quarantineErrorStatuses,
    moderationErrorStatuses,
    voteErrorStatuses,
    surveyErrorStatuses,
    resourceErrorStatuses,
    partnerErrorStatuses,
    proposalErrorStatuses,
  ]);
}

/** Every error code the server sends, sorted (e.g. for the OpenAPI `Error.code` enum). */
export function errorCodes(): string[] {
  return Object.keys(errorStatuses()).sort();
}

/**
 * The whole HTTP API as a Hono app, from its dependencies: no global state, so tests build one on
 * `:memory:` with a fake clock and call `app.request()`.
 */
export function createApp(deps: AppDeps, services: Services = createServices(deps)) {
  const app = new OpenAPIHono<AppEnv>();
  // Generated once, on first need, from every route mounted below: the routes' own declarations, then the
  // document completed with what the shared middleware adds.
  let generated: ReturnType<typeof app.getOpenAPI31Document> | undefined;
  const declared = () =>
    (generated ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Civique API',
        version: '1.0.0',
        license: { name: 'AGPL-3.0-or-later', url: 'https://www.gnu.org/licenses/agpl-3.0.html' },
        description:
          'Citizen participation for French local authorities. Widget-facing routes live under /v1/tenants/{tenant}/ and answer only the tenant’s allowed origins. Errors always have the shape {"error":{"code","message","issues"?}}.',
      },
    }));
  let document: Record<string, unknown> | undefined;
  const apiDocument = () => (document ??= completeDocument(declared(), { serverUrl: deps.publicOrigin ?? '/', errorCodes: errorCodes() }));
  let secured: Set<string> | undefined;
  const isSecuredOperation = (key: string) => (secured ??= securedOperations(declared())).has(key);
  app.onError(createErrorHandler(errorStatuses()));
  app.notFound(handleNotFound(() => app.routes));

  if (deps.widgetsDir) app.route('/widgets', widgetAssets(deps.widgetsDir));
  // The staff console loads the release the moving alias names (`WIDGETS_ALIAS` in rollup.config.ts).
  app.route('/console', consolePage('v1'));

  app.use('/v1/*', apiSecurityHeaders, clientIp(deps.trustedProxies ?? parseTrustedProxies('')));
  app.use('/v1/health', publicCors);
  app.use('/v1/openapi.json', publicCors);
  const perTenant = [
    tenantCors(services.tenants, deps.publicOrigin),
    readJsonBody(undefined, { notJson: [IMAGE_UPLOAD_PATH, RESOURCE_IMAGE_UPLOAD_PATH] }),
    readSession(services.accounts, isSecuredOperation),
  ] as const;
  app.use('/v1/tenants/:tenant', ...perTenant);
  app.use('/v1/tenants/:tenant/*', ...perTenant);
  app.use('/v1/tenants/:tenant/me', requireAccount);
  app.use('/v1/tenants/:tenant/me/*', requireAccount);

  app.openapi(healthRoute, (c) => c.json({ status: 'ok' as const, time: new Date(deps.clock.now()).toISOString() }, 200));

  const tenantBase = '/v1/tenants/:tenant';
  app.route(tenantBase, tenantRoutes());
  app.route(tenantBase, accountRoutes({ accounts: services.accounts }));
  app.route(tenantBase, rightsRoutes({ rights: services.rights }));
  app.route(tenantBase, consentRoutes({ consent: services.consent }));
  const tenants = deps.store.tenants;
  app.route(tenantBase, consultationRoutes({ consultations: services.consultations, accounts: services.accounts, clock: deps.clock, tenants }));
  app.route(tenantBase, voteRoutes({ votes: services.votes, quarantine: services.quarantine, tenants, audit: services.audit, accounts: services.accounts }));
  app.route(tenantBase, surveyRoutes({ surveys: services.surveys, tenants }));
  app.route(tenantBase, statsRoutes({ stats: services.stats, tenants }));
  app.route(tenantBase, auditRoutes({ audit: services.audit, tenants }));
  app.route(tenantBase, tenantSettingsRoutes({ settings: services.tenantSettings, tenants }));
  app.route(tenantBase, moderationRoutes({ moderation: services.moderation, tenants }));
  app.route(tenantBase, proposalRoutes({ proposals: services.proposals, tenants, audit: services.audit, publicOrigin: deps.publicOrigin }));
  app.route(tenantBase, exportRoutes({ exports: services.exports, tenants }));
  app.route(
    tenantBase,
    resourceRoutes({ resources: services.resources, moderation: services.moderation, tenants, clock: deps.clock, publicOrigin: deps.publicOrigin }),
  );
  app.route(tenantBase, staffRoutes({ staff: services.staff, tenants }));
  app.route(tenantBase, rightsLedgerRoutes({ rights: services.rights, tenants, audit: services.audit }));
  app.route(tenantBase, originRoutes({ origins: services.origins, tenants }));
  app.route(tenantBase, partnerRoutes({ partners: services.partners, tenants }));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'The opaque session token returned by signUp or signIn',
  });
  app.get('/v1/openapi.json', (c) => c.json(apiDocument()));
  return app;
}

/**
 * The Node request listener that serves the API: the hot routes (`tenants/hot-routes.ts`) first, the app for
 * everything else. main.ts serves it; the tests call it through real node:http. `hot: false` serves the app
 * alone (for the test that both paths answer alike).
 */
export function createApiListener(deps: AppDeps, services: Services, app: ReturnType<typeof createApp>, options: { hot?: boolean } = {}) {
  return hotRoutesListener(app, {
    routes: options.hot === false ? [] : [castBallotHotRoute(services.votes)],
    tenants: services.tenants,
    ownOrigin: deps.publicOrigin,
    trustedProxies: deps.trustedProxies ?? parseTrustedProxies(''),
    errorStatuses: errorStatuses(),
  });
}
