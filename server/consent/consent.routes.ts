import { createRoute, z } from '@hono/zod-openapi';
import { attachmentHeader, bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse, TenantParam, toInstant } from '../http/openapi.ts';
import { ConsentHistorySchema, ConsentIdParam, RecordConsentBody, RecordedConsentSchema } from './consent.schemas.ts';
import { presentConsentRecord, type ConsentService } from './consent.service.ts';

const tags = ['consent'];
const params = z.object({ tenant: TenantParam });
const consentParams = z.object({ tenant: TenantParam, consentId: ConsentIdParam });

const recordConsent = createRoute({
  operationId: 'recordConsent',
  tags,
  summary: 'Keep the proof of a choice made in the cookie banner',
  description:
    'One record per choice: consent id, time, choices, the hash of the banner’s text and configuration version. The address is ' +
    'kept only as keyed hashes, erased after 90 days. With a Bearer token the record is also linked to the account, so that ' +
    'the account’s export and deletion cover it.',
  method: 'post',
  path: '/consents',
  // The token is read (the proof is linked to the account), so a stale one is refused, not recorded anonymously.
  security: [{}, ...bearerSecurity],
  request: { params, body: jsonBody(RecordConsentBody) },
  responses: { 201: jsonResponse(RecordedConsentSchema, 'Recorded'), ...errorResponses(400, 401, 403, 404, 413, 415) },
});

const getConsent = createRoute({
  operationId: 'getConsent',
  tags,
  summary: 'Every record kept under a consent id (access and portability, without an account); records linked to an account need its session',
  method: 'get',
  path: '/consents/{consentId}',
  request: { params: consentParams },
  responses: { 200: { ...jsonResponse(ConsentHistorySchema, 'The records, oldest first'), headers: attachmentHeader }, ...errorResponses(400, 401, 403, 404) },
});

const deleteConsent = createRoute({
  operationId: 'deleteConsent',
  tags,
  summary: 'Erase every record kept under a consent id, and their address hashes (erasure, without an account); records linked to an account need its session',
  method: 'delete',
  path: '/consents/{consentId}',
  request: { params: consentParams },
  responses: { 204: { description: 'Erased' }, ...errorResponses(400, 401, 403, 404) },
});

export function consentRoutes({ consent }: { consent: ConsentService }) {
  return createRouter()
    .openapi(recordConsent, async (c) => {
      const body = c.req.valid('json');
      const account = c.get('account');
      const record = await consent.record({
        ...body,
        tenantId: c.get('tenant').id,
        pageOrigin: c.req.header('origin') ?? null,
        accountId: account?.id ?? null,
        ip: c.get('clientIp'),
      });
      return c.json({ consentId: record.consentId, recordedAt: toInstant(record.createdAt), linkedToAccount: account !== undefined }, 201);
    })
    .openapi(getConsent, async (c) => {
      const { consentId } = c.req.valid('param');
      const tenant = c.get('tenant').id;
      const records = await consent.history(tenant, consentId, c.get('account')?.id ?? null);
      c.header('Content-Disposition', `attachment; filename="civique-consentement-${consentId.slice(0, 8)}.json"`);
      return c.json({ consentId, tenant, records: records.map(presentConsentRecord) }, 200);
    })
    .openapi(deleteConsent, async (c) => {
      const { consentId } = c.req.valid('param');
      await consent.erase(c.get('tenant').id, consentId, c.get('account')?.id ?? null);
      return c.body(null, 204);
    });
}
