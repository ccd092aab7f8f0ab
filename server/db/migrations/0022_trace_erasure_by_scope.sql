-- Two indexes of ip_traces were written at every participation for jobs that run hourly or monthly:
-- - ip_traces_created served the 90-day erasure. The erasure now walks ip_traces_scope (scope, created_at) one
--   scope at a time (stuffing.store.ts, `deleteBefore`), as fast and without a B-tree of its own;
-- - ip_traces_key served the ON DELETE SET NULL of a destroyed hashing key, which happens once per key, 90 days
--   after its creation (keys rotate every 30 days): that one statement now reads the table once.
-- An anonymous ballot then writes three B-trees for its trace instead of five.
DROP INDEX ip_traces_created;
DROP INDEX ip_traces_key;
