package dev.signet.server.store.signer;

import static dev.signet.server.store.signer.SignerFixtures.inProgress;
import static dev.signet.server.store.signer.SignerFixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.service.job.SigningJob;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * V8: a signing_job insert maintains only the indexes a query reads. The token stays unique per
 * caller where present, and the token lookup and the job runner's InProgress scan still read their
 * (now partial) indexes, on SQLite and PostgreSQL.
 */
class SigningJobIndexesTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final String BY_TOKEN =
            "SELECT * FROM signing_job WHERE requested_by = 'x' AND client_request_token = 'y'";
    private static final String CLAIMABLE = "SELECT job_id FROM signing_job WHERE status = 'InProgress'"
            + " AND (lease_until IS NULL OR lease_until < 5) ORDER BY created_at, job_id LIMIT 10";

    @TempDir
    Path dir;

    static Stream<Named<Function<Path, Database>>> databases() {
        return SignerTestDatabases.all();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void onlyTheIndexesSomeQueryReadsRemain(Function<Path, Database> open) throws SQLException {
        try (Database db = open.apply(dir);
                Connection c = db.dataSource().getConnection()) {
            String sql = db.dialect() == Database.Dialect.SQLITE
                    ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'signing_job'"
                            + " AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name"
                    : "SELECT indexname FROM pg_indexes WHERE tablename = 'signing_job'"
                            + " AND indexname <> 'signing_job_pkey' ORDER BY indexname";
            assertThat(strings(c, sql))
                    .containsExactly(
                            // V17, partial: the approval sweeper's scan of jobs waiting for approvals
                            "signing_job_awaiting",
                            "signing_job_in_progress",
                            "signing_job_owner_created",
                            "signing_job_revoked",
                            "signing_job_token");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theTokenLookupAndTheInProgressScanReadTheirPartialIndexes(Function<Path, Database> open) throws SQLException {
        try (Database db = open.apply(dir);
                Connection c = db.dataSource().getConnection()) {
            if (db.dialect() == Database.Dialect.SQLITE) {
                assertThat(String.join("\n", strings(c, "EXPLAIN QUERY PLAN " + BY_TOKEN)))
                        .contains("signing_job_token");
                assertThat(String.join("\n", strings(c, "EXPLAIN QUERY PLAN " + CLAIMABLE)))
                        .contains("signing_job_in_progress");
            } else {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    // an empty table is cheapest to scan; ask whether the index can serve at all
                    s.execute("SET LOCAL enable_seqscan = off");
                }
                assertThat(String.join("\n", strings(c, "EXPLAIN " + BY_TOKEN))).contains("signing_job_token");
                assertThat(String.join("\n", strings(c, "EXPLAIN " + CLAIMABLE)))
                        .contains("signing_job_in_progress");
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aTokenIsUniquePerCallerAndJobsWithoutOneAreNotConstrained(Function<Path, Database> open) throws SQLException {
        try (Database db = open.apply(dir)) {
            SigningProfile profile = profile("app", "AAAAAAAAAA", "Signet-CMS-SHA256-ECDSA", T0);
            new JdbiProfileRepository(db).create(profile);
            try (Connection c = db.dataSource().getConnection()) {
                insert(c, inProgress(profile, null, T0));
                insert(c, inProgress(profile, null, T0));
                insert(c, inProgress(profile, "token-1", T0));
                assertThatThrownBy(() -> insert(c, inProgress(profile, "token-1", T0)))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("client_request_token");
            }
            assertThat(new JdbiJobRepository(db).claimable(T0.plusSeconds(1), 10))
                    .hasSize(3);
        }
    }

    private static void insert(Connection c, SigningJob job) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(JobRows.INSERT_SQL)) {
            JobRows.bind(s, job);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int column = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                out.add(rs.getString(column));
            }
        }
        return out;
    }
}
