-- Approvals (n of m) for signing jobs (issue 19; docs/access-control.md, "Approvals").
-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Timestamps are epoch milliseconds.
--
-- signing_profile_approval_policy: a profile's requirement, set only through its own native route
-- (never through tags). approvers_json: a JSON array of IAM user, role or group ARNs.
CREATE TABLE signing_profile_approval_policy (
    owner_account   VARCHAR(12)   NOT NULL,
    profile_name    VARCHAR(64)   NOT NULL,
    quorum          INTEGER       NOT NULL,
    approvers_json  TEXT          NOT NULL,
    window_seconds  BIGINT        NOT NULL,
    updated_by      VARCHAR(2048) NOT NULL,
    updated_at      BIGINT        NOT NULL,
    PRIMARY KEY (owner_account, profile_name),
    FOREIGN KEY (owner_account, profile_name) REFERENCES signing_profile (owner_account, profile_name)
);

-- The gate a job was started behind, copied from its profile's policy when it was stored.
-- awaiting_approval = 1 keeps the job out of every claim (JdbiJobRepository) until the quorum is
-- reached; a rejection, the window's end or the profile's stop fails it instead.
ALTER TABLE signing_job ADD COLUMN awaiting_approval INTEGER NOT NULL DEFAULT 0;
ALTER TABLE signing_job ADD COLUMN approvals_required INTEGER NOT NULL DEFAULT 0;
ALTER TABLE signing_job ADD COLUMN approvers_json TEXT;
ALTER TABLE signing_job ADD COLUMN approval_deadline BIGINT;
-- partial (as V8's): only waiting jobs have an entry, so other inserts (SignPayload's) maintain nothing
CREATE INDEX signing_job_awaiting ON signing_job (approval_deadline) WHERE awaiting_approval = 1;

-- One decision per approver and job (the primary key: a second approval by the same principal
-- is not counted again). decision: APPROVED or REJECTED.
CREATE TABLE signing_job_approval (
    job_id        VARCHAR(36)   NOT NULL,
    approver_arn  VARCHAR(2048) NOT NULL,
    decision      VARCHAR(16)   NOT NULL,
    reason        TEXT,
    decided_at    BIGINT        NOT NULL,
    PRIMARY KEY (job_id, approver_arn),
    FOREIGN KEY (job_id) REFERENCES signing_job (job_id)
);
