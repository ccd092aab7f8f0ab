-- Partners of a tenant's resource boards (chambers of commerce, of trades, of agriculture…): listed by the
-- tenant, reachable through a board's "ask for help" form. Their address is tenant configuration: it is read only
-- to write the relayed mail, never returned by the API nor put in a consultation's public settings.
CREATE TABLE tenant_partners (
  id TEXT PRIMARY KEY,                              -- random, public (the contact route names it)
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  logo_url TEXT CHECK (logo_url IS NULL OR logo_url LIKE 'https://%'),
  helps_with_fr TEXT NOT NULL,
  helps_with_en TEXT,
  email TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX tenant_partners_tenant ON tenant_partners (tenant_id, created_at);

-- Images of resource posts: uploaded by a business before it posts, attached to one post, erased with it or
-- with the account; never attached within 24 hours, erased by the retention job.
CREATE TABLE resource_images (
  id TEXT PRIMARY KEY,                              -- random, in the image's URL
  consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  bytes BLOB NOT NULL,                              -- checked here (magic bytes, size, dimensions)
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX resource_images_account ON resource_images (account_id);
CREATE INDEX resource_images_created ON resource_images (created_at);

ALTER TABLE resource_posts ADD COLUMN image_id TEXT REFERENCES resource_images (id) ON DELETE SET NULL;
