-- Imported signing material (AWS: ACM certificates used by IoT signing profiles).
-- The private key lives in the key backend; this row names it. Portable SQL.

CREATE TABLE imported_certificate (
    owner_account         VARCHAR(12)  NOT NULL,
    certificate_id        VARCHAR(36)  NOT NULL,
    certificate_arn       VARCHAR(256) NOT NULL,
    key_backend           VARCHAR(64)  NOT NULL,
    key_id                VARCHAR(128) NOT NULL,
    key_algorithm         VARCHAR(32)  NOT NULL,
    certificate_chain_pem TEXT         NOT NULL,
    subject               TEXT         NOT NULL,
    not_before            BIGINT       NOT NULL,
    not_after             BIGINT       NOT NULL,
    created_at            BIGINT       NOT NULL,
    PRIMARY KEY (owner_account, certificate_id)
);

CREATE UNIQUE INDEX imported_certificate_arn ON imported_certificate (certificate_arn);
