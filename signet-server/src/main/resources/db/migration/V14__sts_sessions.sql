-- Temporary credentials issued by STS GetSessionToken and AssumeRole (docs/access-control.md, "STS").
-- Portable SQL: runs on SQLite and PostgreSQL. Every node of a cluster reads them here.
-- secret_sealed: the secret access key sealed under the master key (AES-256-GCM, aad = key id), as
-- access_keys holds it; token_sha256: the hex SHA-256 of the session token, which is never stored.
-- kind: USER or ADMINISTRATOR (GetSessionToken: the session acts as that principal, principal_id)
-- or ROLE_SESSION (AssumeRole: principal_id is the role's AROA... id, which must still exist).
CREATE TABLE sts_sessions (
    access_key_id   VARCHAR(32) NOT NULL PRIMARY KEY,
    secret_sealed   VARCHAR(1024) NOT NULL,
    token_sha256    VARCHAR(64) NOT NULL,
    kind            VARCHAR(16) NOT NULL,
    principal_id    VARCHAR(64) NOT NULL,
    principal_arn   VARCHAR(2048) NOT NULL,
    account_id      VARCHAR(12) NOT NULL,
    user_id         VARCHAR(160) NOT NULL,
    role_arn        VARCHAR(2048),
    role_name       VARCHAR(64),
    session_name    VARCHAR(64),
    source_identity VARCHAR(64),
    tags_json       TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL
);

CREATE INDEX sts_sessions_expiry ON sts_sessions (expires_at);
