-- Bring your own certificate (issue 20). Portable SQL: runs unchanged on SQLite and PostgreSQL.
--
-- certificate_state: where a profile version's certificate chain comes from. Issued (Signet's CA),
-- Imported (signing material named by certificate_arn), PendingCertificate (the key exists, the
-- certificate an outside CA issues from the version's CSR is not installed yet: the version cannot
-- sign and certificate_chain_pem is empty), External (that certificate and its chain, up to the
-- outside root, installed in certificate_chain_pem).
ALTER TABLE signing_profile_version ADD COLUMN certificate_state VARCHAR(24) NOT NULL DEFAULT 'Issued';
UPDATE signing_profile_version SET certificate_state = 'Imported' WHERE certificate_arn IS NOT NULL;
