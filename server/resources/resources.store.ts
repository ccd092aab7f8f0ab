import type { Db } from '../db/open.ts';
import { searchQuery } from '../db/fts.ts';
import type { ImageType } from '../images/images.ts';
import type { ModerationState } from '../moderation/moderation.ts';
import { insertOutboxMail, type OutboxMail } from '../mail/outbox.store.ts';

export const RESOURCE_DIRECTIONS = ['offer', 'request'] as const;
export type ResourceDirection = (typeof RESOURCE_DIRECTIONS)[number];
export const RESOURCE_KINDS = ['staff', 'equipment', 'premises', 'vehicle', 'other'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** The moderation kind of resource posts in `moderation_targets`. */
export const RESOURCE_POST_KIND = 'resourcePost';

/** A business's public face on the board, on its owner's account. */
export interface BusinessProfile {
  accountId: string;
  tradeName: string;
  /** 14 digits, checked (`siret.ts`). */
  siret: string;
  sector: string;
  commune: string;
  createdAt: number;
  updatedAt: number;
}

export interface ResourcePost {
  seq: number;
  id: string;
  consultationId: string;
  accountId: string;
  direction: ResourceDirection;
  kind: ResourceKind;
  title: string;
  description: string;
  quantity: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  place: string;
  paid: boolean;
  /** An image the author uploaded (`resource_images`); null: none. */
  imageId: string | null;
  closedAt: number | null;
  expiresAt: number;
  createdAt: number;
  updatedAt: number;
  /** From the shared moderation (absent from a fresh insert). */
  moderation?: ModerationState;
  /** The author's trade name, as the board shows it. */
  tradeName?: string;
}

export interface ResourceFilter {
  consultationId: string;
  tenantId: string;
  direction?: ResourceDirection;
  kind?: ResourceKind;
  place?: string;
  /** Only posts neither closed nor expired at `now`. */
  available?: boolean;
  now: number;
  q?: string;
  /** The last post of the previous page (newest first). */
  after?: { createdAt: number; seq: number };
  limit: number;
}

/** A conversation between a post's author and one business that wrote to them about it. */
export interface ResourceThread {
  id: string;
  postId: string;
  askerId: string;
  /** The post's author. */
  ownerId: string;
  returnUrl: string;
  createdAt: number;
  updatedAt: number;
  /** From the post, for lists and mails. */
  postTitle: string;
  consultationId: string;
}

export interface ResourceMessage {
  threadId: string;
  fromOwner: boolean;
  body: string;
  /** The address its writer chose to share with the other party. */
  sharedEmail: string | null;
  createdAt: number;
}

/** An image a business uploaded for one of its posts; `attachedTo` null until a post uses it. */
export interface ResourceImage {
  id: string;
  consultationId: string;
  accountId: string;
  contentType: ImageType;
  width: number;
  height: number;
  bytes: Buffer;
  createdAt: number;
  attachedTo: { postId: string; moderation: ModerationState | null } | null;
}

export interface ResourceStore {
  getProfile(accountId: string): Promise<BusinessProfile | undefined>;
  saveProfile(profile: BusinessProfile): Promise<void>;
  insertPost(post: Omit<ResourcePost, 'seq'>): Promise<void>;
  updatePost(post: ResourcePost): Promise<void>;
  getPost(tenantId: string, consultationId: string, id: string): Promise<ResourcePost | undefined>;
  /** Published posts only, newest first, one page. */
  listPublished(filter: ResourceFilter): Promise<ResourcePost[]>;
  postsOf(accountId: string): Promise<ResourcePost[]>;
  /** Erasure: the account's profile, posts (with their moderation targets and threads) and its own threads go. */
  eraseAccount(accountId: string): Promise<void>;
  threadFor(postId: string, askerId: string): Promise<ResourceThread | undefined>;
  getThread(id: string): Promise<ResourceThread | undefined>;
  /** Threads the account takes part in, as asker or as the post's author, most recent first. */
  threadsOf(accountId: string): Promise<ResourceThread[]>;
  messages(threadId: string): Promise<ResourceMessage[]>;
  /** Writes the thread when new, the message, and its relayed mail when there is one, in one transaction. */
  addMessage(thread: Omit<ResourceThread, 'postTitle' | 'consultationId' | 'ownerId'>, message: ResourceMessage, mail: OutboxMail | null): Promise<void>;
  /** Retention: threads whose post closed or expired before `before`, with their messages; returns how many. */
  eraseThreadsEndedBefore(before: number): Promise<number>;
  insertImage(image: Omit<ResourceImage, 'attachedTo'>): Promise<void>;
  /** The image, if its board is the tenant's, with the post that uses it. */
  getImage(id: string, tenantId: string): Promise<ResourceImage | undefined>;
  /** Retention: images created before `before` that no post uses; returns how many. */
  deleteUnattachedImages(before: number): Promise<number>;
  imagesOf(accountId: string): Promise<Omit<ResourceImage, 'bytes'>[]>;
}

interface PostRow {
  seq: number;
  id: string;
  consultation_id: string;
  account_id: string;
  direction: ResourceDirection;
  kind: ResourceKind;
  title: string;
  description: string;
  quantity: string | null;
  period_start: string | null;
  period_end: string | null;
  place: string;
  paid: number;
  image_id: string | null;
  closed_at: number | null;
  expires_at: number;
  created_at: number;
  updated_at: number;
  moderation: ModerationState | null;
  trade_name: string | null;
}

const toPost = (row: PostRow): ResourcePost => ({
  seq: row.seq,
  id: row.id,
  consultationId: row.consultation_id,
  accountId: row.account_id,
  direction: row.direction,
  kind: row.kind,
  title: row.title,
  description: row.description,
  quantity: row.quantity,
  periodStart: row.period_start,
  periodEnd: row.period_end,
  place: row.place,
  paid: row.paid === 1,
  imageId: row.image_id,
  closedAt: row.closed_at,
  expiresAt: row.expires_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  ...(row.moderation ? { moderation: row.moderation } : {}),
  ...(row.trade_name ? { tradeName: row.trade_name } : {}),
});

const postParams = (p: Omit<ResourcePost, 'seq' | 'moderation' | 'tradeName'>) => ({
  id: p.id,
  consultationId: p.consultationId,
  accountId: p.accountId,
  direction: p.direction,
  kind: p.kind,
  title: p.title,
  description: p.description,
  quantity: p.quantity,
  periodStart: p.periodStart,
  periodEnd: p.periodEnd,
  place: p.place,
  paid: p.paid ? 1 : 0,
  imageId: p.imageId,
  closedAt: p.closedAt,
  expiresAt: p.expiresAt,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

const SELECT_POST = `
  SELECT r.*, m.state AS moderation, b.trade_name FROM resource_posts r
  JOIN consultations c ON c.id = r.consultation_id
  LEFT JOIN moderation_targets m ON m.tenant_id = c.tenant_id AND m.kind = '${RESOURCE_POST_KIND}' AND m.target_id = r.id
  LEFT JOIN business_profiles b ON b.account_id = r.account_id`;

export function createSqliteResourceStore(db: Db): ResourceStore {
  const getProfile = db.prepare<
    [string],
    { account_id: string; trade_name: string; siret: string; sector: string; commune: string; created_at: number; updated_at: number }
  >('SELECT * FROM business_profiles WHERE account_id = ?');
  const saveProfile = db.prepare(`
    INSERT INTO business_profiles (account_id, trade_name, siret, sector, commune, created_at, updated_at)
    VALUES (:accountId, :tradeName, :siret, :sector, :commune, :createdAt, :updatedAt)
    ON CONFLICT (account_id) DO UPDATE SET trade_name = excluded.trade_name, siret = excluded.siret, sector = excluded.sector,
      commune = excluded.commune, updated_at = excluded.updated_at`);
  const insertPost = db.prepare(`
    INSERT INTO resource_posts (id, consultation_id, account_id, direction, kind, title, description, quantity, period_start, period_end, place, paid,
      image_id, closed_at, expires_at, created_at, updated_at)
    VALUES (:id, :consultationId, :accountId, :direction, :kind, :title, :description, :quantity, :periodStart, :periodEnd, :place, :paid,
      :imageId, :closedAt, :expiresAt, :createdAt, :updatedAt)`);
  const updatePost = db.prepare(`
    UPDATE resource_posts SET direction = :direction, kind = :kind, title = :title, description = :description, quantity = :quantity,
      period_start = :periodStart, period_end = :periodEnd, place = :place, paid = :paid, image_id = :imageId, closed_at = :closedAt, expires_at = :expiresAt,
      updated_at = :updatedAt
    WHERE id = :id`);
  const getPost = db.prepare<{ tenantId: string; consultationId: string; id: string }, PostRow>(
    `${SELECT_POST} WHERE c.tenant_id = :tenantId AND r.consultation_id = :consultationId AND r.id = :id`,
  );
  const postsOf = db.prepare<[string], PostRow>(`${SELECT_POST} WHERE r.account_id = ? ORDER BY r.created_at`);
  const eraseTargets = db.prepare(
    `DELETE FROM moderation_targets WHERE kind = '${RESOURCE_POST_KIND}' AND target_id IN (SELECT id FROM resource_posts WHERE account_id = ?)`,
  );
  const erasePosts = db.prepare('DELETE FROM resource_posts WHERE account_id = ?');
  const eraseProfile = db.prepare('DELETE FROM business_profiles WHERE account_id = ?');
  const eraseImages = db.prepare('DELETE FROM resource_images WHERE account_id = ?');
  // One statement per combination of filters, prepared once.
  const lists = new Map<string, ReturnType<typeof db.prepare<Record<string, unknown>, PostRow>>>();
  const list = (sql: string) => {
    let stmt = lists.get(sql);
    if (!stmt) lists.set(sql, (stmt = db.prepare<Record<string, unknown>, PostRow>(sql)));
    return stmt;
  };
  const THREAD = `
    SELECT t.*, r.account_id AS owner_id, r.title AS post_title, r.consultation_id FROM resource_threads t
    JOIN resource_posts r ON r.id = t.post_id`;
  type ThreadRow = {
    id: string;
    post_id: string;
    asker_id: string;
    owner_id: string;
    return_url: string;
    created_at: number;
    updated_at: number;
    post_title: string;
    consultation_id: string;
  };
  const toThread = (row: ThreadRow): ResourceThread => ({
    id: row.id,
    postId: row.post_id,
    askerId: row.asker_id,
    ownerId: row.owner_id,
    returnUrl: row.return_url,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    postTitle: row.post_title,
    consultationId: row.consultation_id,
  });
  const threadFor = db.prepare<[string, string], ThreadRow>(`${THREAD} WHERE t.post_id = ? AND t.asker_id = ?`);
  const getThread = db.prepare<[string], ThreadRow>(`${THREAD} WHERE t.id = ?`);
  const threadsOf = db.prepare<{ accountId: string }, ThreadRow>(
    `${THREAD} WHERE t.asker_id = :accountId OR r.account_id = :accountId ORDER BY t.updated_at DESC`,
  );
  const messages = db.prepare<[string], { thread_id: string; from_owner: number; body: string; shared_email: string | null; created_at: number }>(
    'SELECT * FROM resource_messages WHERE thread_id = ? ORDER BY id',
  );
  const upsertThread = db.prepare(`
    INSERT INTO resource_threads (id, post_id, asker_id, return_url, created_at, updated_at) VALUES (:id, :postId, :askerId, :returnUrl, :createdAt, :updatedAt)
    ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at`);
  const insertMessage = db.prepare(
    'INSERT INTO resource_messages (thread_id, from_owner, body, shared_email, created_at) VALUES (:threadId, :fromOwner, :body, :sharedEmail, :createdAt)',
  );
  const addMessage = db.transaction(
    (thread: Omit<ResourceThread, 'postTitle' | 'consultationId' | 'ownerId'>, message: ResourceMessage, mail: OutboxMail | null) => {
      upsertThread.run({
        id: thread.id,
        postId: thread.postId,
        askerId: thread.askerId,
        returnUrl: thread.returnUrl,
        createdAt: thread.createdAt,
        updatedAt: thread.updatedAt,
      });
      insertMessage.run({ ...message, fromOwner: message.fromOwner ? 1 : 0 });
      if (mail) insertOutboxMail(db, mail);
    },
  );
  const eraseAskerThreads = db.prepare('DELETE FROM resource_threads WHERE asker_id = ?');
  const eraseEnded = db.prepare(
    'DELETE FROM resource_threads WHERE post_id IN (SELECT id FROM resource_posts WHERE coalesce(min(closed_at, expires_at), expires_at) < ?)',
  );
  const insertImage = db.prepare(`
    INSERT INTO resource_images (id, consultation_id, account_id, content_type, width, height, bytes, created_at)
    VALUES (:id, :consultationId, :accountId, :contentType, :width, :height, :bytes, :createdAt)`);
  type ImageRow = {
    id: string;
    consultation_id: string;
    account_id: string;
    content_type: ImageType;
    width: number;
    height: number;
    bytes: Buffer;
    created_at: number;
    post_id: string | null;
    moderation: ModerationState | null;
  };
  const toImage = (row: ImageRow): ResourceImage => ({
    id: row.id,
    consultationId: row.consultation_id,
    accountId: row.account_id,
    contentType: row.content_type,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    createdAt: row.created_at,
    attachedTo: row.post_id === null ? null : { postId: row.post_id, moderation: row.moderation },
  });
  const IMAGE = (columns: string) => `
    SELECT ${columns}, p.id AS post_id, m.state AS moderation FROM resource_images i
    JOIN consultations c ON c.id = i.consultation_id
    LEFT JOIN resource_posts p ON p.image_id = i.id
    LEFT JOIN moderation_targets m ON m.tenant_id = c.tenant_id AND m.kind = '${RESOURCE_POST_KIND}' AND m.target_id = p.id`;
  const getImage = db.prepare<{ id: string; tenantId: string }, ImageRow>(`${IMAGE('i.*')} WHERE i.id = :id AND c.tenant_id = :tenantId`);
  const imagesOf = db.prepare<[string], ImageRow>(
    `${IMAGE('i.id, i.consultation_id, i.account_id, i.content_type, i.width, i.height, NULL AS bytes, i.created_at')} WHERE i.account_id = ? ORDER BY i.created_at`,
  );
  const deleteUnattached = db.prepare(
    'DELETE FROM resource_images WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM resource_posts p WHERE p.image_id = resource_images.id)',
  );
  const erase = db.transaction((accountId: string) => {
    eraseAskerThreads.run(accountId);
    eraseTargets.run(accountId);
    erasePosts.run(accountId);
    eraseImages.run(accountId);
    eraseProfile.run(accountId);
  });

  return {
    async getProfile(accountId) {
      const row = getProfile.get(accountId);
      return (
        row && {
          accountId: row.account_id,
          tradeName: row.trade_name,
          siret: row.siret,
          sector: row.sector,
          commune: row.commune,
          createdAt: row.created_at,
          updatedAt: row.updated_at,
        }
      );
    },
    async saveProfile(profile) {
      saveProfile.run({ ...profile });
    },
    async insertPost(post) {
      insertPost.run(postParams(post));
    },
    async updatePost(post) {
      updatePost.run(postParams(post));
    },
    async getPost(tenantId, consultationId, id) {
      const row = getPost.get({ tenantId, consultationId, id });
      return row && toPost(row);
    },
    async listPublished(f) {
      const where = ['c.tenant_id = :tenantId', 'r.consultation_id = :consultationId', "m.state = 'published'"];
      const params: Record<string, unknown> = { tenantId: f.tenantId, consultationId: f.consultationId, limit: f.limit };
      const add = (condition: string, values: Record<string, unknown>) => {
        where.push(condition);
        Object.assign(params, values);
      };
      if (f.direction) add('r.direction = :direction', { direction: f.direction });
      if (f.kind) add('r.kind = :kind', { kind: f.kind });
      if (f.place) add('r.place = :place', { place: f.place });
      if (f.available) add('r.closed_at IS NULL AND r.expires_at > :now', { now: f.now });
      const match = f.q === undefined ? '' : searchQuery(f.q);
      if (match) add('r.seq IN (SELECT rowid FROM resource_posts_search WHERE resource_posts_search MATCH :match)', { match });
      if (f.after) {
        add('(r.created_at < :afterCreatedAt OR (r.created_at = :afterCreatedAt AND r.seq < :afterSeq))', {
          afterCreatedAt: f.after.createdAt,
          afterSeq: f.after.seq,
        });
      }
      const rows = list(`${SELECT_POST} WHERE ${where.join(' AND ')} ORDER BY r.created_at DESC, r.seq DESC LIMIT :limit`).all(params);
      return rows.map(toPost);
    },
    async postsOf(accountId) {
      return postsOf.all(accountId).map(toPost);
    },
    async eraseAccount(accountId) {
      erase(accountId);
    },
    async threadFor(postId, askerId) {
      const row = threadFor.get(postId, askerId);
      return row && toThread(row);
    },
    async getThread(id) {
      const row = getThread.get(id);
      return row && toThread(row);
    },
    async threadsOf(accountId) {
      return threadsOf.all({ accountId }).map(toThread);
    },
    async messages(threadId) {
      return messages
        .all(threadId)
        .map((m) => ({ threadId: m.thread_id, fromOwner: m.from_owner === 1, body: m.body, sharedEmail: m.shared_email, createdAt: m.created_at }));
    },
    async addMessage(thread, message, mail) {
      addMessage(thread, message, mail);
    },
    async eraseThreadsEndedBefore(before) {
      return eraseEnded.run(before).changes;
    },
    async insertImage(image) {
      insertImage.run(image);
    },
    async getImage(id, tenantId) {
      const row = getImage.get({ id, tenantId });
      return row && toImage(row);
    },
    async deleteUnattachedImages(before) {
      return deleteUnattached.run(before).changes;
    },
    async imagesOf(accountId) {
      return imagesOf.all(accountId).map((row) => {
        const { bytes: _bytes, ...image } = toImage(row);
        return image;
      });
    },
  };
}
