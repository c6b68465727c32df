-- S3 multipart uploads, object checksums and user metadata (issue 12). Portable SQL: runs unchanged
-- on SQLite and PostgreSQL. Part content lives in files under DATA/objects/parts, named by
-- multipart_parts.file_name; no client-supplied string ever names a file.

-- An upload in progress: what the completed object will be (type, metadata, checksum algorithm).
-- checksum_algorithm is NULL when the client named none; checksum_type is then NULL as well.
CREATE TABLE multipart_uploads (
    upload_id          VARCHAR(64)   NOT NULL PRIMARY KEY,
    bucket             VARCHAR(63)   NOT NULL REFERENCES buckets (name),
    key_hex            VARCHAR(2048) NOT NULL,
    object_key         VARCHAR(1024) NOT NULL,
    content_type       VARCHAR(256)  NOT NULL,
    metadata           TEXT          NOT NULL,
    checksum_algorithm VARCHAR(16),
    checksum_type      VARCHAR(16),
    initiated          BIGINT        NOT NULL
);

CREATE INDEX multipart_uploads_listing ON multipart_uploads (bucket, key_hex, initiated);
CREATE INDEX multipart_uploads_age ON multipart_uploads (initiated);

-- The latest upload of each part number. etag is the hex MD5 of the part; checksum_value the base64
-- checksum of the part under checksum_algorithm (the upload's, else the one the part request named).
CREATE TABLE multipart_parts (
    upload_id          VARCHAR(64) NOT NULL REFERENCES multipart_uploads (upload_id) ON DELETE CASCADE,
    part_number        INTEGER     NOT NULL,
    size               BIGINT      NOT NULL,
    etag               VARCHAR(32) NOT NULL,
    checksum_algorithm VARCHAR(16),
    checksum_value     VARCHAR(128),
    file_name          VARCHAR(64) NOT NULL,
    last_modified      BIGINT      NOT NULL,
    PRIMARY KEY (upload_id, part_number)
);

-- A version's checksum as S3 reports it (checksum_type FULL_OBJECT or COMPOSITE; a composite value
-- ends in -N), its x-amz-meta-* metadata as a JSON object, and for an object made by a multipart
-- upload its number of parts (NULL for a single PUT or a copy).
ALTER TABLE object_versions ADD COLUMN checksum_algorithm VARCHAR(16);
ALTER TABLE object_versions ADD COLUMN checksum_type VARCHAR(16);
ALTER TABLE object_versions ADD COLUMN checksum_value VARCHAR(128);
ALTER TABLE object_versions ADD COLUMN metadata TEXT;
ALTER TABLE object_versions ADD COLUMN part_count INTEGER;

-- The parts of an object made by a multipart upload, by its content file: GetObject/HeadObject
-- with partNumber read a part's range and checksum from here.
CREATE TABLE object_parts (
    file_name      VARCHAR(64)  NOT NULL,
    part_number    INTEGER      NOT NULL,
    part_offset    BIGINT       NOT NULL,
    size           BIGINT       NOT NULL,
    etag           VARCHAR(32)  NOT NULL,
    checksum_value VARCHAR(128),
    PRIMARY KEY (file_name, part_number)
);
