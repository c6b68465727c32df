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

-- IAM groups (group_id: AGPA...) and their members, unique names per account regardless of case.
CREATE TABLE iam_groups (
    group_id   VARCHAR(64) NOT NULL PRIMARY KEY,
    account_id VARCHAR(12) NOT NULL,
    group_name VARCHAR(128) NOT NULL,
    name_key   VARCHAR(128) NOT NULL,
    path       VARCHAR(512) NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, name_key)
);

CREATE TABLE iam_group_members (
    group_id VARCHAR(64) NOT NULL REFERENCES iam_groups (group_id),
    user_id  VARCHAR(64) NOT NULL REFERENCES iam_users (user_id),
    PRIMARY KEY (group_id, user_id)
);

CREATE INDEX iam_group_members_user ON iam_group_members (user_id);

-- Inline policies of users and groups (owner_id: the user's or group's id), the document as
-- given (URL-decoded), one per name regardless of case.
CREATE TABLE iam_inline_policies (
    owner_id    VARCHAR(64) NOT NULL,
    policy_name VARCHAR(128) NOT NULL,
    name_key    VARCHAR(128) NOT NULL,
    document    TEXT NOT NULL,
    PRIMARY KEY (owner_id, name_key)
);

-- IAM roles (role_id: AROA...): the trust policy as given, tags as a JSON object.
CREATE TABLE iam_roles (
    role_id              VARCHAR(64) NOT NULL PRIMARY KEY,
    account_id           VARCHAR(12) NOT NULL,
    role_name            VARCHAR(64) NOT NULL,
    name_key             VARCHAR(64) NOT NULL,
    path                 VARCHAR(512) NOT NULL,
    assume_role_policy   TEXT NOT NULL,
    description          VARCHAR(1000),
    max_session_duration INTEGER NOT NULL,
    tags_json            TEXT NOT NULL,
    created_at           BIGINT NOT NULL,
    UNIQUE (account_id, name_key)
);

-- Customer managed policies (policy_id: ANPA...), their versions (v1 is created with the policy and
-- is its default) and their attachments to users, groups and roles (owner_id: that entity's id).
CREATE TABLE iam_policies (
    policy_id   VARCHAR(64) NOT NULL PRIMARY KEY,
    account_id  VARCHAR(12) NOT NULL,
    policy_name VARCHAR(128) NOT NULL,
    name_key    VARCHAR(128) NOT NULL,
    path        VARCHAR(512) NOT NULL,
    arn         VARCHAR(2048) NOT NULL UNIQUE,
    description VARCHAR(1000),
    default_version VARCHAR(32) NOT NULL,
    tags_json   TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (account_id, name_key)
);

CREATE TABLE iam_policy_versions (
    policy_id  VARCHAR(64) NOT NULL REFERENCES iam_policies (policy_id),
    version_id VARCHAR(32) NOT NULL,
    document   TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (policy_id, version_id)
);

CREATE TABLE iam_policy_attachments (
    policy_id VARCHAR(64) NOT NULL REFERENCES iam_policies (policy_id),
    owner_id  VARCHAR(64) NOT NULL,
    PRIMARY KEY (policy_id, owner_id)
);

CREATE INDEX iam_policy_attachments_owner ON iam_policy_attachments (owner_id);
