-- Several accounts in one deployment (issue 19; docs/access-control.md, "Accounts"). Portable SQL:
-- runs unchanged on SQLite and PostgreSQL.
--
-- accounts: the registry of the deployment's accounts. account_id is 12 random digits, unique and
-- never reused (no account is ever deleted: a closed account keeps its row, status CLOSED, so its
-- id is never handed out again). account_name: 1-50 printable ASCII characters, as AWS
-- Organizations' AccountName; not unique. status: ACTIVE (CLOSED is reserved for closing accounts).
CREATE TABLE accounts (
    account_id   VARCHAR(12) NOT NULL PRIMARY KEY,
    account_name VARCHAR(50) NOT NULL,
    created_at   BIGINT      NOT NULL,
    status       VARCHAR(16) NOT NULL
);

-- An existing deployment's bootstrap account: the account of its administrator (a fresh database
-- has none yet; the server registers the configured account at start).
INSERT INTO accounts (account_id, account_name, created_at, status)
    SELECT account_id, 'bootstrap', MIN(created_at), 'ACTIVE'
    FROM principals
    WHERE kind = 'ADMINISTRATOR'
    GROUP BY account_id;

-- Buckets belong to the account that created them (S3's bucket owner). Buckets created before this
-- migration belong to the administrator's account; a bucket left with no owner ('') belongs to no
-- account, and every request for it is refused.
ALTER TABLE buckets ADD COLUMN owner_account VARCHAR(12) NOT NULL DEFAULT '';
UPDATE buckets SET owner_account = COALESCE(
    (SELECT MIN(account_id) FROM principals WHERE kind = 'ADMINISTRATOR'), '');
CREATE INDEX buckets_by_owner ON buckets (owner_account, name);
