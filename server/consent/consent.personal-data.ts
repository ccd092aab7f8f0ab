import type { PersonalDataEntry } from '../personal-data/registry.ts';
import { presentConsentRecord } from './consent.service.ts';
import type { ConsentStore } from './consent.store.ts';

/**
 * Cookie-consent records made while signed in. Records made without an account are reached through their
 * consent id instead (`getConsent` / `deleteConsent`), since nothing else ties them to a person.
 */
export function consentPersonalData(consent: ConsentStore): PersonalDataEntry {
  return {
    name: 'cookieConsents',
    tables: ['consent_records'],
    async export(accountId) {
      return (await consent.listForAccount(accountId)).map((record) => ({
        tenant: record.tenantId,
        // Only its start, to recognise it: the whole id still opens the unlinked records kept under it.
        consentId: `${record.consentId.slice(0, 8)}…`,
        ...presentConsentRecord(record),
      }));
    },
    async erase(accountId) {
      await consent.deleteForAccount(accountId);
    },
  };
}
