-- Principals and their SigV4 access keys. Portable SQL: runs on SQLite and PostgreSQL.
-- A secret access key is stored only sealed under the master key (AES-256-GCM, aad = key id),
-- base64-encoded; it is never stored in clear.
CREATE TABLE principals (
    principal_id VARCHAR(64) NOT NULL PRIMARY KEY,
    name         VARCHAR(64) NOT NULL UNIQUE,
    arn          VARCHAR(2048) NOT NULL,
    account_id   VARCHAR(12) NOT NULL,
    created_at   BIGINT NOT NULL
);

CREATE TABLE access_keys (
    access_key_id VARCHAR(128) NOT NULL PRIMARY KEY,
    principal_id  VARCHAR(64) NOT NULL REFERENCES principals (principal_id),
    secret_sealed VARCHAR(1024) NOT NULL,
    status        VARCHAR(16) NOT NULL,
    created_at    BIGINT NOT NULL
);

CREATE INDEX access_keys_principal ON access_keys (principal_id);
