-- IAM users (docs/access-control.md). Portable SQL: runs on SQLite and PostgreSQL.
-- Every principal existing before this migration is its account's administrator.
ALTER TABLE principals ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'ADMINISTRATOR';

-- When and where a key was last used: written at most once a minute per key (AccessKeyUse).
ALTER TABLE access_keys ADD COLUMN last_used_at BIGINT;
ALTER TABLE access_keys ADD COLUMN last_used_service VARCHAR(64);
ALTER TABLE access_keys ADD COLUMN last_used_region VARCHAR(64);

-- An IAM user is a principal (principal_id = its AIDA... user id) with a name, unique in its
-- account regardless of case (name_key: the name lower-cased), and a path.
CREATE TABLE iam_users (
    user_id    VARCHAR(64) NOT NULL PRIMARY KEY REFERENCES principals (principal_id),
    account_id VARCHAR(12) NOT NULL,
    user_name  VARCHAR(64) NOT NULL,
    name_key   VARCHAR(64) NOT NULL,
    path       VARCHAR(512) NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, name_key)
);

CREATE TABLE iam_user_tags (
    user_id   VARCHAR(64) NOT NULL REFERENCES iam_users (user_id),
    tag_key   VARCHAR(128) NOT NULL,
    tag_value VARCHAR(256) NOT NULL,
    PRIMARY KEY (user_id, tag_key)
);
