-- The embedded object store's index; object content lives in files under DATA/objects/data.
-- key_hex is the hex of the key's UTF-8 bytes: it sorts in byte order under any collation and
-- makes prefix search a plain LIKE 'hex%', the same on SQLite and PostgreSQL.
CREATE TABLE buckets (
    name       VARCHAR(63) NOT NULL PRIMARY KEY,
    versioning VARCHAR(16) NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE object_versions (
    bucket        VARCHAR(63) NOT NULL REFERENCES buckets (name),
    key_hex       VARCHAR(2048) NOT NULL,
    object_key    VARCHAR(1024) NOT NULL,
    version_id    VARCHAR(64) NOT NULL,
    seq           BIGINT NOT NULL,
    latest        INTEGER NOT NULL,
    delete_marker INTEGER NOT NULL,
    size          BIGINT NOT NULL,
    etag          VARCHAR(64) NOT NULL,
    content_type  VARCHAR(256) NOT NULL,
    file_name     VARCHAR(64),
    last_modified BIGINT NOT NULL,
    PRIMARY KEY (bucket, key_hex, version_id),
    UNIQUE (bucket, key_hex, seq)
);

CREATE INDEX object_versions_latest ON object_versions (bucket, latest, key_hex);
