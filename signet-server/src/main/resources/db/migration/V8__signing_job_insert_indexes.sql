-- Fewer index entries per signing_job insert (issue 6): every SignPayload inserts a job row, so each
-- index on signing_job costs a B-tree insert (and a page written to the WAL at commit) per signature.
-- Keep only the entries some query reads. Portable SQL: runs unchanged on SQLite and PostgreSQL.

-- No query reads jobs by signature id (revocation reads revoked jobs through signing_job_revoked, V7),
-- and the id is random, so each insert dirtied a random leaf page.
DROP INDEX signing_job_signature_id;

-- Only jobs with a client token (StartSigningJob) are looked up or constrained by it; SignPayload's
-- jobs have none. Same uniqueness as before: rows without a token were never constrained.
DROP INDEX signing_job_token;
CREATE UNIQUE INDEX signing_job_token ON signing_job (requested_by, client_request_token)
    WHERE client_request_token IS NOT NULL;

-- The job runner reads InProgress jobs only, oldest first; SignPayload's jobs are Succeeded at insert.
DROP INDEX signing_job_status;
CREATE INDEX signing_job_in_progress ON signing_job (created_at, job_id) WHERE status = 'InProgress';
