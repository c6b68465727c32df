-- Signer profile permissions (resource policy statements) and profile-version revocation.
-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Timestamps are epoch milliseconds.
-- Job revocation uses the revoked_* columns of signing_job (V3); tags stay in signing_profile.tags_json.

-- the revision of a profile's resource policy; changes with every added or removed statement
CREATE TABLE signing_profile_policy (
    owner_account  VARCHAR(12)  NOT NULL,
    profile_name   VARCHAR(64)  NOT NULL,
    revision_id    VARCHAR(64)  NOT NULL,
    PRIMARY KEY (owner_account, profile_name),
    FOREIGN KEY (owner_account, profile_name) REFERENCES signing_profile (owner_account, profile_name)
);

CREATE TABLE signing_profile_permission (
    owner_account    VARCHAR(12)   NOT NULL,
    profile_name     VARCHAR(64)   NOT NULL,
    statement_id     VARCHAR(128)  NOT NULL,
    action           VARCHAR(64)   NOT NULL,
    principal        VARCHAR(2048) NOT NULL,
    profile_version  VARCHAR(10),
    created_at       BIGINT        NOT NULL,
    PRIMARY KEY (owner_account, profile_name, statement_id),
    FOREIGN KEY (owner_account, profile_name) REFERENCES signing_profile (owner_account, profile_name)
);

-- one row per revoked profile version; revocation is irreversible, so rows are never updated
CREATE TABLE signing_profile_revocation (
    owner_account    VARCHAR(12)   NOT NULL,
    profile_name     VARCHAR(64)   NOT NULL,
    profile_version  VARCHAR(10)   NOT NULL,
    effective_from   BIGINT        NOT NULL,
    revoked_at       BIGINT        NOT NULL,
    revoked_by       VARCHAR(2048) NOT NULL,
    reason           VARCHAR(500)  NOT NULL,
    PRIMARY KEY (owner_account, profile_name, profile_version),
    FOREIGN KEY (owner_account, profile_name, profile_version)
        REFERENCES signing_profile_version (owner_account, profile_name, profile_version)
);
