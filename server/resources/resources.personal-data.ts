import type { PersonalDataEntry } from '../personal-data/registry.ts';
import type { ResourceStore } from './resources.store.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A business's profile, its posts on resource boards and their images: exported whole, erased with the account. */
export function resourcesPersonalData(store: ResourceStore): PersonalDataEntry {
  return {
    name: 'resources',
    // The search index and its shadow tables hold the posts' words, and go with them (triggers).
    tables: [
      'business_profiles',
      'resource_posts',
      'resource_posts_search',
      'resource_posts_search_data',
      'resource_posts_search_idx',
      'resource_posts_search_docsize',
      'resource_posts_search_config',
      'resource_threads',
      'resource_messages',
      'resource_images',
    ],
    async export(accountId) {
      const profile = await store.getProfile(accountId);
      const posts = await store.postsOf(accountId);
      return {
        businessProfile: profile ? { tradeName: profile.tradeName, siret: profile.siret, sector: profile.sector, commune: profile.commune } : null,
        posts: posts.map((p) => ({
          consultationId: p.consultationId,
          direction: p.direction,
          kind: p.kind,
          title: p.title,
          description: p.description,
          quantity: p.quantity,
          periodStart: p.periodStart,
          periodEnd: p.periodEnd,
          place: p.place,
          paid: p.paid,
          imageId: p.imageId,
          createdAt: iso(p.createdAt),
          closedAt: iso(p.closedAt),
          expiresAt: iso(p.expiresAt),
        })),
        // The images' descriptions; their bytes are served by `getResourceImage` to their author.
        images: (await store.imagesOf(accountId)).map((i) => ({
          id: i.id,
          consultationId: i.consultationId,
          postId: i.attachedTo?.postId ?? null,
          contentType: i.contentType,
          width: i.width,
          height: i.height,
          createdAt: iso(i.createdAt),
        })),
        // Both sides of each conversation: what I wrote, and what was written to me; the other business by name only.
        threads: await Promise.all(
          (await store.threadsOf(accountId)).map(async (t) => ({
            post: t.postTitle,
            role: t.ownerId === accountId ? 'owner' : 'asker',
            messages: (await store.messages(t.id)).map((m) => ({
              fromMe: m.fromOwner === (t.ownerId === accountId),
              body: m.body,
              sharedEmail: m.sharedEmail,
              createdAt: iso(m.createdAt),
            })),
          })),
        ),
      };
    },
    async erase(accountId) {
      await store.eraseAccount(accountId);
    },
    async participations(accountId) {
      return (await store.postsOf(accountId)).map((p) => ({ kind: 'resourcePost', id: p.id, consultationId: p.consultationId, at: p.createdAt }));
    },
  };
}
