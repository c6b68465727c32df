-- Composite objects (issue 18). A version made by a multipart upload on a content store that keeps
-- the parts (S3 content: completion copies nothing) is read across its parts' content: content_name
-- names the part content (PREFIX parts/NAME) holding each part's bytes, and the version's file_name
-- then names only this layout, no content of its own. NULL where the bytes are in the version's own
-- content (file_name), as every row written before this migration. Portable SQL: SQLite and PostgreSQL.
ALTER TABLE object_parts ADD COLUMN content_name VARCHAR(64);
