-- The artifact's digest a SignPayload request stated (issue 17): a job signed from a client-side
-- payload has no source object, so the record names the artifact by the digest the payload stated,
-- as LABEL:HEX in lower case (sha256:..., sha384:... for a Lambda zip, authenticode-sha256:... for
-- a PE, MSI package or PowerShell script). NULL for StartSigningJob jobs (their source object names
-- the artifact), for payloads that state no digest, and for jobs recorded before this migration.
-- Portable SQL: runs unchanged on SQLite and PostgreSQL.
ALTER TABLE signing_job ADD COLUMN artifact_digest VARCHAR(161);
