-- AWS Signer profiles and jobs. Portable SQL: runs unchanged on SQLite and PostgreSQL.
-- Timestamps are epoch milliseconds (BIGINT); maps and structures are JSON text.

CREATE TABLE signing_profile (
    owner_account      VARCHAR(12)  NOT NULL,
    profile_name       VARCHAR(64)  NOT NULL,
    current_version    VARCHAR(10)  NOT NULL,
    platform_id        VARCHAR(128) NOT NULL,
    status             VARCHAR(16)  NOT NULL,
    status_reason      TEXT,
    tags_json          TEXT         NOT NULL,
    created_at         BIGINT       NOT NULL,
    updated_at         BIGINT       NOT NULL,
    PRIMARY KEY (owner_account, profile_name)
);

CREATE TABLE signing_profile_version (
    owner_account          VARCHAR(12)  NOT NULL,
    profile_name           VARCHAR(64)  NOT NULL,
    profile_version        VARCHAR(10)  NOT NULL,
    platform_id            VARCHAR(128) NOT NULL,
    platform_display_name  VARCHAR(256) NOT NULL,
    certificate_arn        TEXT,
    key_backend            VARCHAR(64)  NOT NULL,
    key_id                 VARCHAR(128) NOT NULL,
    key_algorithm          VARCHAR(32)  NOT NULL,
    certificate_chain_pem  TEXT         NOT NULL,
    validity_value         INTEGER      NOT NULL,
    validity_type          VARCHAR(8)   NOT NULL,
    overrides_json         TEXT         NOT NULL,
    signing_parameters_json TEXT        NOT NULL,
    created_at             BIGINT       NOT NULL,
    PRIMARY KEY (owner_account, profile_name, profile_version),
    FOREIGN KEY (owner_account, profile_name) REFERENCES signing_profile (owner_account, profile_name)
);

CREATE TABLE signing_job (
    job_id                  VARCHAR(36)  NOT NULL PRIMARY KEY,
    job_owner               VARCHAR(12)  NOT NULL,
    job_invoker             VARCHAR(12)  NOT NULL,
    requested_by            VARCHAR(2048) NOT NULL,
    client_request_token    VARCHAR(256),
    profile_name            VARCHAR(64)  NOT NULL,
    profile_version         VARCHAR(10)  NOT NULL,
    platform_id             VARCHAR(128) NOT NULL,
    platform_display_name   VARCHAR(256) NOT NULL,
    certificate_arn         TEXT,
    source_bucket           VARCHAR(255),
    source_key              TEXT,
    source_version          VARCHAR(1024),
    destination_bucket      VARCHAR(255),
    destination_prefix      TEXT,
    signed_bucket           VARCHAR(255),
    signed_key              TEXT,
    overrides_json          TEXT         NOT NULL,
    signing_parameters_json TEXT         NOT NULL,
    status                  VARCHAR(16)  NOT NULL,
    status_reason           TEXT,
    created_at              BIGINT       NOT NULL,
    completed_at            BIGINT,
    signature_expires_at    BIGINT       NOT NULL,
    revoked_at              BIGINT,
    revoked_by              VARCHAR(2048),
    revocation_reason       TEXT,
    lease_owner             VARCHAR(64),
    lease_until             BIGINT,
    attempts                INTEGER      NOT NULL DEFAULT 0,
    FOREIGN KEY (job_owner, profile_name, profile_version)
        REFERENCES signing_profile_version (owner_account, profile_name, profile_version)
);

-- one job per (caller, token); rows without a token (SignPayload) are not constrained
CREATE UNIQUE INDEX signing_job_token ON signing_job (requested_by, client_request_token);
CREATE INDEX signing_job_owner_created ON signing_job (job_owner, created_at, job_id);
CREATE INDEX signing_job_status ON signing_job (status, lease_until);

CREATE TABLE signer_secret (
    name   VARCHAR(64) NOT NULL PRIMARY KEY,
    value  TEXT        NOT NULL
);
