-- Lambda code signing configs and the functions they are attached to.
-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Timestamps are epoch milliseconds.

CREATE TABLE code_signing_config (
    csc_id                  VARCHAR(21)  NOT NULL PRIMARY KEY,
    owner_account           VARCHAR(12)  NOT NULL,
    description             VARCHAR(256),
    allowed_publishers_json TEXT         NOT NULL,
    untrusted_artifact      VARCHAR(8)   NOT NULL,
    tags_json               TEXT         NOT NULL,
    last_modified           BIGINT       NOT NULL
);

CREATE INDEX code_signing_config_by_owner ON code_signing_config (owner_account, csc_id);

-- One row per function that has a config; function_arn is the normalised unqualified ARN.
CREATE TABLE function_code_signing_config (
    owner_account  VARCHAR(12)  NOT NULL,
    function_arn   VARCHAR(512) NOT NULL,
    csc_id         VARCHAR(21)  NOT NULL,
    attached_at    BIGINT       NOT NULL,
    PRIMARY KEY (owner_account, function_arn),
    FOREIGN KEY (csc_id) REFERENCES code_signing_config (csc_id)
);

CREATE INDEX function_code_signing_config_by_csc ON function_code_signing_config (csc_id, function_arn);
