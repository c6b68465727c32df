-- IAM OpenID Connect identity providers (docs/access-control.md, "Identities for CI").
-- Portable SQL: runs on SQLite and PostgreSQL.
-- provider_key: the URL without its scheme (HOST[:PORT]/PATH), as the provider's ARN ends
-- (arn:aws:iam::ACCOUNT:oidc-provider/KEY); one provider per key and account. url: as registered,
-- with its scheme (https://, or http:// for a loopback host), which is what the tokens' iss claim
-- must be. thumbprints: the hex SHA-1 thumbprints as given, comma-separated (stored and returned; the
-- issuer's TLS certificate is checked against the JDK trust store). tags_json: a JSON object.
CREATE TABLE iam_oidc_providers (
    account_id   VARCHAR(12) NOT NULL,
    provider_key VARCHAR(255) NOT NULL,
    url          VARCHAR(255) NOT NULL,
    thumbprints  VARCHAR(512) NOT NULL,
    tags_json    TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (account_id, provider_key)
);

-- The client ids (audiences) of a provider, each once; listed in the order they were added.
CREATE TABLE iam_oidc_client_ids (
    account_id   VARCHAR(12) NOT NULL,
    provider_key VARCHAR(255) NOT NULL,
    client_id    VARCHAR(255) NOT NULL,
    position     BIGINT NOT NULL,
    PRIMARY KEY (account_id, provider_key, client_id),
    FOREIGN KEY (account_id, provider_key) REFERENCES iam_oidc_providers (account_id, provider_key)
);
