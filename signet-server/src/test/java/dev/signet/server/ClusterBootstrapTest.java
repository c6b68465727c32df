package dev.signet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.software.SoftwareKeyBackend;
import dev.signet.core.sigv4.AccessKey;
import dev.signet.core.sigv4.CredentialsFile;
import dev.signet.server.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes sharing one PostgreSQL share one CA, one time-stamp authority and one admin: the database
 * is their key material's one source of truth, and the first start creates it exactly once however
 * many nodes start at the same moment.
 */
class ClusterBootstrapTest {
    @TempDir
    Path root;

    @Test
    void nodesStartingAtOnceOnAnEmptyDatabaseCreateOneCaOneTsaAndOneAdmin() throws Exception {
        ClusterNodes cluster = new ClusterNodes(root);
        int nodes = 3;
        List<ServerAssembly> started = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ServerAssembly>> starts = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                ServerConfig config = cluster.config("node" + i);
                starts.add(pool.submit(() -> {
                    go.await();
                    return ServerAssembly.open(config, ServerAssembly.Apis::all);
                }));
            }
            go.countDown();
            for (Future<ServerAssembly> start : starts) {
                started.add(start.get(120, TimeUnit.SECONDS));
            }
            ServerAssembly first = started.get(0);
            for (ServerAssembly other : started) {
                assertThat(other.ca().root()).isEqualTo(first.ca().root());
                assertThat(other.ca().issuing()).isEqualTo(first.ca().issuing());
                assertThat(other.timestampAuthority().chain())
                        .isEqualTo(first.timestampAuthority().chain());
            }
            Database db = first.database();
            assertThat(count(db, "SELECT COUNT(*) FROM principals")).isEqualTo(1);
            assertThat(count(db, "SELECT COUNT(*) FROM access_keys")).isEqualTo(1);
            // root, issuing CA and TSA keys: no node generated a CA of its own and lost a race
            assertThat(count(db, "SELECT COUNT(*) FROM key_material WHERE name LIKE 'keys/%'"))
                    .isEqualTo(3);
            String adminKeyId = db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT access_key_id FROM access_keys")
                            .mapTo(String.class)
                            .one());
            for (int i = 0; i < nodes; i++) {
                AccessKey written = credentials(root.resolve("node" + i));
                assertThat(written.id()).as("node%d's credentials", i).isEqualTo(adminKeyId);
                assertThat(written.secret())
                        .isEqualTo(credentials(root.resolve("node0")).secret());
            }
            // a certificate one node's CA issues chains to every other node's root
            SoftwareKeyBackend scratch = new SoftwareKeyBackend(
                    MasterKey.loadOrCreate(root.resolve("scratch.key")), root.resolve("scratch"));
            KeyHandle subject = scratch.generate(KeyAlgorithm.ECDSA_P256);
            X509Certificate leaf = started.get(1)
                    .ca()
                    .issueCodeSigning(
                            scratch.publicKey(subject),
                            "cluster",
                            "arn:aws:signer:us-east-1:000000000000:/signing-profiles/p/v1",
                            Instant.now().truncatedTo(ChronoUnit.SECONDS),
                            Instant.now().plus(1, ChronoUnit.DAYS));
            assertThat(started.get(2).ca().issued(leaf)).isTrue();
            leaf.verify(started.get(2).ca().issuing().getPublicKey());
            assertThat(started.get(2).ca().chainOf(leaf).get(2))
                    .isEqualTo(started.get(0).ca().root());
            // none of the key material is in a node's data directory
            assertThat(root.resolve("node1/ca/ca.properties")).doesNotExist();
            assertThat(root.resolve("node1/keys")).isEmptyDirectory();
        } finally {
            started.forEach(ServerAssembly::close);
            pool.shutdownNow();
        }
    }

    @Test
    void aNodeJoiningLaterOpensTheSameCaAndWritesTheAdminKeyFromTheDatabase() throws Exception {
        ClusterNodes cluster = new ClusterNodes(root);
        X509Certificate root1;
        try (ServerAssembly first = ServerAssembly.open(cluster.config("a"), ServerAssembly.Apis::all)) {
            root1 = first.ca().root();
        }
        try (ServerAssembly later = ServerAssembly.open(cluster.config("b"), ServerAssembly.Apis::all)) {
            assertThat(later.ca().root()).isEqualTo(root1);
            assertThat(credentials(root.resolve("b"))).isEqualTo(credentials(root.resolve("a")));
        }
    }

    @Test
    void aNodeWithAnotherMasterKeyRefusesToStart() throws Exception {
        ClusterNodes cluster = new ClusterNodes(root);
        try (ServerAssembly first = ServerAssembly.open(cluster.config("a"), ServerAssembly.Apis::all)) {
            assertThat(first.ca()).isNotNull();
        }
        Path foreign = Files.createDirectories(root.resolve("foreign"));
        assertThatThrownBy(() -> ServerAssembly.open(
                                new ServerConfig("127.0.0.1", 0, foreign)
                                        .withDeployment(withoutMasterKey(cluster.deployment())),
                                ServerAssembly.Apis::all)
                        .close())
                .isInstanceOf(SignetServerException.class)
                .hasMessageContaining("Cannot open the key material in the database's key material")
                .hasMessageContaining("sealed under another master key");
    }

    /** The cluster's deployment, but with the master key of the node's own data directory. */
    private static Deployment withoutMasterKey(Deployment d) {
        return new Deployment(
                d.publicUrl(),
                d.tls(),
                d.allowPlaintext(),
                d.region(),
                d.accountId(),
                d.database(),
                d.objects(),
                java.util.Optional.empty());
    }

    private static long count(Database db, String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static AccessKey credentials(Path dataDir) throws Exception {
        return CredentialsFile.read(dataDir.resolve(CredentialsFile.BOOTSTRAP_FILE))
                .flatMap(f -> f.accessKey(CredentialsFile.BOOTSTRAP_PROFILE))
                .orElseThrow();
    }
}
