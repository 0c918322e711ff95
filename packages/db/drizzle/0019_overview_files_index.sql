-- Only the Overview read files by (user, created_at); since 0017 it reads history_buckets, and
-- the index cost every stored file one more B-tree insert.
DROP INDEX `files_user_created_size_idx`;