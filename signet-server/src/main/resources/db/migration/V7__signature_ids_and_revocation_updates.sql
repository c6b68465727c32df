-- Signature identity and revocation updates (issue 5, enforcement).
-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Timestamps are epoch milliseconds.

-- The id of the signature a job made: lower-case hex SHA-256 of the signer's signature value as
-- the format carries it (SignatureEvidence.signatureId), recorded when the signature is made.
-- NULL for jobs without a signature (in progress, failed) and for signatures made before V7.
ALTER TABLE signing_job ADD COLUMN signature_id VARCHAR(64);
CREATE INDEX signing_job_signature_id ON signing_job (signature_id);

-- The revocation list reads the revoked jobs only, in time proportional to their number.
CREATE INDEX signing_job_revoked ON signing_job (revoked_at) WHERE revoked_at IS NOT NULL;

-- signing_profile_revocation (V4) keeps one row per revoked profile version and a version is never
-- un-revoked. From V7 a row MAY be updated, in one way only: a later RevokeSigningProfile of the
-- same version moves effective_from EARLIER (never later or equal); revoked_at, revoked_by and
-- reason keep the values of the first revocation. No schema change is needed for that.
