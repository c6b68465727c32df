package dev.signet.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.DirectoryKeyMaterialStore;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.software.SoftwareKeyBackend;
import dev.signet.server.ServerAssembly;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServerException;
import dev.signet.server.service.principals.AccessKeys;
import dev.signet.server.service.sts.TemporaryCredentials;
import dev.signet.server.store.Database;
import dev.signet.server.store.MasterKeyRotation;
import dev.signet.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * {@code signet admin rotate-master-key}'s work ({@link ServerAssembly#rotateMasterKey}) on a data
 * directory a real server filled (profile, CA and TSA keys, the admin's access key, an STS
 * session): interrupted after every possible number of re-sealed items (seeded), then run again, it
 * always ends with everything sealed under the new key, and the server signs and authenticates as
 * before.
 */
class MasterKeyRotationTest {
    private static final List<String> PROFILES = List.of("rsa_profile", "ecdsa_profile");

    @TempDir
    static Path dir;

    static Path pristine;
    static Credentials session;
    static byte[] originalMasterKey;

    /** A crash at one point of the run. */
    private static final class Crash extends RuntimeException {
        Crash() {
            super("simulated crash", null, false, false);
        }
    }

    @BeforeAll
    static void fill() throws Exception {
        pristine = dir.resolve("pristine");
        try (TestServer server = TestServer.start(pristine);
                SignerClient signer = server.signer()) {
            signer.putSigningProfile(b -> b.profileName("rsa_profile").platformId("Signet-CMS-SHA256-RSA"));
            signer.putSigningProfile(b -> b.profileName("ecdsa_profile").platformId("Signet-CMS-SHA256-ECDSA"));
            try (StsClient sts = sts(server, StaticCredentialsProvider.create(server.credentials()))) {
                session = sts.getSessionToken(b -> b.durationSeconds(3600)).credentials();
            }
        }
        originalMasterKey = Files.readAllBytes(pristine.resolve("master.key"));
    }

    @Test
    void interruptedAtAnyPointAndRunAgainEverythingOpensUnderTheNewKey() throws Exception {
        int items = countItems();
        assertThat(items)
                .as("profile, CA and TSA keys, the admin's access key, one session")
                .isGreaterThan(6);
        Random seeds = new Random(20261207);
        for (int seed = 0; seed < 20; seed++) {
            int crashAfter = 1 + seeds.nextInt(items);
            Path data = copy("seed-" + seed);
            AtomicInteger done = new AtomicInteger();
            assertThatThrownBy(() -> ServerAssembly.rotateMasterKey(config(data), () -> {
                        if (done.incrementAndGet() == crashAfter) {
                            throw new Crash();
                        }
                    }))
                    .as("seed %d: crash after %d of %d", seed, crashAfter, items)
                    .isInstanceOf(Crash.class);
            assertThat(Files.exists(MasterKeyRotation.nextFile(data.resolve("master.key"))))
                    .isTrue();

            MasterKeyRotation.Result finished = ServerAssembly.rotateMasterKey(config(data), () -> {});
            assertThat(finished.keys() + finished.accessKeys() + finished.sessions())
                    .as("seed %d: the rest", seed)
                    .isEqualTo(items - crashAfter);
            assertEverythingOpensUnder(data);
        }
    }

    @Test
    void aServerRefusesAHalfRotatedDeploymentAndServesAsBeforeOnceItIsDone() throws Exception {
        Path data = copy("end-to-end");
        AtomicInteger done = new AtomicInteger();
        assertThatThrownBy(() -> ServerAssembly.rotateMasterKey(config(data), () -> {
                    if (done.incrementAndGet() == 3) {
                        throw new Crash();
                    }
                }))
                .isInstanceOf(Crash.class);
        assertThatThrownBy(() -> TestServer.start(data))
                .isInstanceOf(SignetServerException.class)
                .hasMessageContaining("a master-key rotation of")
                .hasMessageContaining("is unfinished")
                .hasMessageContaining("run signet admin rotate-master-key again to finish it");

        ServerAssembly.rotateMasterKey(config(data), () -> {});
        assertThat(Files.readAllBytes(data.resolve("master.key"))).isNotEqualTo(originalMasterKey);
        try (TestServer server = TestServer.start(data);
                SignerClient signer = server.signer()) {
            for (String profile : PROFILES) {
                assertThat(signer.signPayload(b -> b.profileName(profile)
                                        .payload(SdkBytes.fromByteArray(new byte[32]))
                                        .payloadFormat("application/vnd.signet.digest+sha256"))
                                .signature()
                                .asByteArray())
                        .isNotEmpty();
            }
            StaticCredentialsProvider sessionCredentials =
                    StaticCredentialsProvider.create(AwsSessionCredentials.create(
                            session.accessKeyId(), session.secretAccessKey(), session.sessionToken()));
            try (StsClient sts = sts(server, sessionCredentials)) {
                assertThat(sts.getCallerIdentity().arn()).endsWith(":user/admin");
            }
        }
    }

    @Test
    void aKeySealedUnderNeitherKeyStopsTheRotationBeforeTheKeyIsReplaced() throws Exception {
        Path data = copy("foreign");
        Path keys = data.resolve("keys");
        // a key file sealed under some third master key
        MasterKey foreign = MasterKey.loadOrCreate(dir.resolve("foreign-" + System.nanoTime() + ".key"));
        SoftwareKeyBackend other = new SoftwareKeyBackend(foreign, new DirectoryKeyMaterialStore(dir.resolve("other")));
        KeyHandle generated = other.generate(KeyAlgorithm.ECDSA_P256);
        Files.copy(dir.resolve("other").resolve(generated.keyId() + ".key"), keys.resolve(generated.keyId() + ".key"));

        assertThatThrownBy(() -> ServerAssembly.rotateMasterKey(config(data), () -> {}))
                .hasMessageContaining(
                        "key " + generated.keyId() + " opens under neither the current nor the new master key");
        assertThat(Files.readAllBytes(data.resolve("master.key"))).isEqualTo(originalMasterKey);
    }

    private static void assertEverythingOpensUnder(Path data) throws IOException {
        MasterKeyRotation.requireNone(data.resolve("master.key"));
        MasterKey rotated = MasterKey.loadOrCreate(data.resolve("master.key"));
        assertThat(Files.readAllBytes(data.resolve("master.key"))).isNotEqualTo(originalMasterKey);
        SoftwareKeyBackend backend =
                new SoftwareKeyBackend(rotated, new DirectoryKeyMaterialStore(data.resolve("keys")));
        try (Stream<Path> files = Files.list(data.resolve("keys"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".key")).toList()) {
                String keyId = file.getFileName().toString().replace(".key", "");
                // the backend opens the key (and would refuse one sealed under the old key)
                assertThat(backend.publicKey(handle(data, keyId))).isNotNull();
            }
        }
        try (Database db = Database.sqlite(data.resolve("signet.db"))) {
            for (Map<String, Object> row : rows(db, "access_keys")) {
                String id = (String) row.get("id");
                assertThat(rotated.unseal(Base64.getDecoder().decode((String) row.get("secret")), AccessKeys.aad(id)))
                        .isNotEmpty();
            }
            for (Map<String, Object> row : rows(db, "sts_sessions")) {
                String id = (String) row.get("id");
                assertThat(rotated.unseal(
                                Base64.getDecoder().decode((String) row.get("secret")), TemporaryCredentials.aad(id)))
                        .isNotEmpty();
            }
        }
    }

    private static KeyHandle handle(Path data, String keyId) throws IOException {
        String text = Files.readString(data.resolve("keys").resolve(keyId + ".key"));
        String algorithm = text.lines()
                .filter(l -> l.startsWith("algorithm="))
                .findFirst()
                .orElseThrow()
                .substring("algorithm=".length());
        return new KeyHandle("software", keyId, KeyAlgorithm.valueOf(algorithm));
    }

    private static List<Map<String, Object>> rows(Database db, String table) {
        return db.jdbi()
                .withHandle(h -> h.createQuery("SELECT access_key_id AS id, secret_sealed AS secret FROM " + table)
                        .mapToMap()
                        .list());
    }

    private static int countItems() throws IOException {
        int keys;
        try (Stream<Path> files = Files.list(pristine.resolve("keys"))) {
            keys = (int) files.filter(p -> p.toString().endsWith(".key")).count();
        }
        try (Database db = Database.sqlite(pristine.resolve("signet.db"))) {
            return keys
                    + rows(db, "access_keys").size()
                    + rows(db, "sts_sessions").size();
        }
    }

    private static Path copy(String name) throws IOException {
        Path target = dir.resolve(name);
        try (Stream<Path> tree = Files.walk(pristine)) {
            for (Path from : tree.toList()) {
                Path to = target.resolve(pristine.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return target;
    }

    private static ServerConfig config(Path data) {
        return new ServerConfig("127.0.0.1", 0, data);
    }

    private static StsClient sts(TestServer server, StaticCredentialsProvider credentials) {
        return StsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
