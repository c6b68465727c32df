-- Cluster mode (issue 18). Portable SQL: runs unchanged on SQLite and PostgreSQL.
--
-- key_material: what a single node keeps in its data directory's keys/, ca/ and tsa/ folders, for
-- nodes that share one database: the software private keys (each sealed under the master key,
-- which stays a file every node is given), the CA's root.pem, issuing.pem and ca.properties, the
-- TSA's tsa.pem and tsa.properties. name is FOLDER/ENTRY (keys/K...Q.key, ca/root.pem); content is
-- the entry's bytes, base64. A single node on SQLite keeps using its files and leaves this empty.
CREATE TABLE key_material (
    name        VARCHAR(200) NOT NULL PRIMARY KEY,
    content     TEXT         NOT NULL,
    updated_at  BIGINT       NOT NULL
);

-- lease_fence: incremented by every claim of a job. A worker records its job's output and result
-- only while the job still carries the fence its claim set (one conditional UPDATE, counted in the
-- transaction that commits the output's row), so a worker whose lease was taken over cannot write.
ALTER TABLE signing_job ADD COLUMN lease_fence BIGINT NOT NULL DEFAULT 0;
