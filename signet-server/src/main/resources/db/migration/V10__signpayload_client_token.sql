-- SignPayload's optional client token (issue 13): a retried SignPayload carrying the same
-- clientRequestToken (a Signet extension) returns the first request's job and signature instead of
-- signing again. Portable SQL: runs unchanged on SQLite and PostgreSQL.
--
-- The token itself is signing_job.client_request_token, as for StartSigningJob: the unique index
-- signing_job_token (requested_by, client_request_token) WHERE client_request_token IS NOT NULL (V8)
-- makes a token name one job per caller, whichever operation made it. Signet does not keep the
-- signatures it hands out, except here: a retry must get the same bytes back (an ECDSA signature
-- cannot be made again identically), so a token-carrying SignPayload keeps its signature beside its
-- job, written in the same transaction. Jobs without a token (the hot path) add no row here.
CREATE TABLE signpayload_receipt (
    job_id          VARCHAR(36) NOT NULL PRIMARY KEY,
    -- lower-case hex SHA-256 of payloadFormat (UTF-8), one 0x00 byte, then the payload: a retry must
    -- ask for the same signature
    payload_sha256  VARCHAR(64) NOT NULL,
    -- the signature as returned to the caller, base64
    signature       TEXT        NOT NULL,
    FOREIGN KEY (job_id) REFERENCES signing_job (job_id)
);
