package dev.signet.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.KeyMaterialStore;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.crypto.software.SoftwareKeyBackend;
import dev.signet.core.files.SecureFiles;
import dev.signet.server.ClusterNodes;
import dev.signet.server.ServerAssembly;
import dev.signet.server.ServerConfig;
import dev.signet.server.service.principals.AccessKeys;
import dev.signet.server.service.sts.TemporaryCredentials;
import dev.signet.server.store.Database;
import dev.signet.server.store.JdbiKeyMaterialStore;
import dev.signet.server.store.MasterKeyRotation;
import dev.signet.server.store.TestDatabase;
import dev.signet.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jdbi.v3.core.generic.GenericType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code signet admin rotate-master-key}'s work ({@link ServerAssembly#rotateMasterKey}) on a
 * PostgreSQL deployment (embedded PostgreSQL) that a real server filled: the software keys are rows
 * of the database's key material (profile, CA and TSA keys), beside the admin's access key and an
 * STS session. Interrupted after a seeded number of re-sealed items, on a fresh copy of that
 * database for each of 20 seeds, then run again, it always ends with every key and secret sealed
 * under the new key; a server then starts on the rotated database and signs with every profile.
 */
class MasterKeyRotationPostgresTest {
    private static final List<String> PROFILES = List.of("rsa_profile", "ecdsa_profile");

    @TempDir
    static Path dir;

    static String pristineUrl;
    static Path pristineMasterKey;

    /** A crash at one point of the run. */
    private static final class Crash extends RuntimeException {
        Crash() {
            super("simulated crash", null, false, false);
        }
    }

    @BeforeAll
    static void fill() throws Exception {
        pristineUrl = TestDatabase.newPostgresUrl();
        pristineMasterKey = SecureFiles.createPrivateDirectories(dir.resolve("pristine-secrets"))
                .resolve("master.key");
        MasterKey.loadOrCreate(pristineMasterKey);
        Path data = SecureFiles.createPrivateDirectories(dir.resolve("pristine"));
        try (TestServer server = TestServer.node(
                        data, c -> c.withDeployment(ClusterNodes.postgres(pristineUrl, pristineMasterKey)));
                SignerClient signer = server.signer()) {
            signer.putSigningProfile(b -> b.profileName("rsa_profile").platformId("Signet-CMS-SHA256-RSA"));
            signer.putSigningProfile(b -> b.profileName("ecdsa_profile").platformId("Signet-CMS-SHA256-ECDSA"));
            try (StsClient sts = StsClient.builder()
                    .endpointOverride(server.endpoint())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(server.credentials()))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build()) {
                sts.getSessionToken(b -> b.durationSeconds(3600));
            }
        }
    }

    @Test
    void interruptedAtAnyPointAndRunAgainEveryKeyIsUsableUnderTheNewKey() throws Exception {
        int items = inDatabase(
                pristineUrl,
                db -> keyNames(db).size()
                        + sealed(db, "access_keys").size()
                        + sealed(db, "sts_sessions").size());
        assertThat(items)
                .as("profile, CA and TSA keys, the admin's access key, one session")
                .isGreaterThan(6);
        byte[] original = Files.readAllBytes(pristineMasterKey);
        Random seeds = new Random(20261207L ^ 0x5051);
        ServerConfig last = null;
        for (int seed = 0; seed < 20; seed++) {
            int crashAfter = 1 + seeds.nextInt(items);
            ServerConfig config = copy("seed-" + seed);
            Path masterKey = config.deployment().masterKeyFile().orElseThrow();
            AtomicInteger done = new AtomicInteger();
            assertThatThrownBy(() -> ServerAssembly.rotateMasterKey(config, () -> {
                        if (done.incrementAndGet() == crashAfter) {
                            throw new Crash();
                        }
                    }))
                    .as("seed %d: crash after %d of %d", seed, crashAfter, items)
                    .isInstanceOf(Crash.class);
            assertThat(Files.exists(MasterKeyRotation.nextFile(masterKey))).isTrue();

            MasterKeyRotation.Result finished = ServerAssembly.rotateMasterKey(config, () -> {});
            assertThat(finished.keys() + finished.accessKeys() + finished.sessions())
                    .as("seed %d: the rest", seed)
                    .isEqualTo(items - crashAfter);
            MasterKeyRotation.requireNone(masterKey);
            assertThat(Files.readAllBytes(masterKey)).isNotEqualTo(original);
            assertEverythingOpensUnder(config);
            last = config;
        }
        ServerConfig rotated = last;
        try (TestServer server = TestServer.node(rotated.dataDir(), c -> c.withDeployment(rotated.deployment()));
                SignerClient signer = server.signer()) {
            for (String profile : PROFILES) {
                assertThat(signer.signPayload(b -> b.profileName(profile)
                                        .payload(SdkBytes.fromByteArray(new byte[32]))
                                        .payloadFormat("application/vnd.signet.digest+sha256"))
                                .signature()
                                .asByteArray())
                        .as(profile)
                        .isNotEmpty();
            }
        }
    }

    /** Every key signs and every secret opens under the rotated master key. */
    private static void assertEverythingOpensUnder(ServerConfig config) throws IOException {
        MasterKey rotated =
                MasterKey.loadOrCreate(config.deployment().masterKeyFile().orElseThrow());
        String url = config.deployment().database().url().orElseThrow();
        inDatabase(url, db -> {
            KeyMaterialStore keys = new JdbiKeyMaterialStore(db, Clock.systemUTC()).folder("keys");
            SoftwareKeyBackend backend = new SoftwareKeyBackend(rotated, keys);
            for (String name : keyNames(db)) {
                KeyHandle handle = handle(keys, name);
                byte[] signature = backend.sign(
                        handle,
                        new SignatureAlgorithm(handle.algorithm(), HashAlgorithm.SHA256),
                        "usable".getBytes(StandardCharsets.UTF_8));
                assertThat(signature).as(name).isNotEmpty();
            }
            for (Map.Entry<String, String> row : sealed(db, "access_keys").entrySet()) {
                assertThat(rotated.unseal(Base64.getDecoder().decode(row.getValue()), AccessKeys.aad(row.getKey())))
                        .isNotEmpty();
            }
            for (Map.Entry<String, String> row : sealed(db, "sts_sessions").entrySet()) {
                assertThat(rotated.unseal(
                                Base64.getDecoder().decode(row.getValue()), TemporaryCredentials.aad(row.getKey())))
                        .isNotEmpty();
            }
            return null;
        });
    }

    private static KeyHandle handle(KeyMaterialStore keys, String name) {
        try {
            String text = new String(keys.read(name).orElseThrow(), StandardCharsets.UTF_8);
            String algorithm = text.lines()
                    .filter(l -> l.startsWith("algorithm="))
                    .findFirst()
                    .orElseThrow()
                    .substring("algorithm=".length());
            return new KeyHandle("software", name.replace(".key", ""), KeyAlgorithm.valueOf(algorithm));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> keyNames(Database db) {
        try {
            return new JdbiKeyMaterialStore(db, Clock.systemUTC())
                    .folder("keys").names().stream()
                            .filter(n -> n.endsWith(".key"))
                            .toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Access key id to sealed secret, of {@code table}. */
    private static Map<String, String> sealed(Database db, String table) {
        return db.jdbi()
                .withHandle(h -> h.createQuery("SELECT access_key_id, secret_sealed FROM " + table)
                        .setMapKeyColumn("access_key_id")
                        .setMapValueColumn("secret_sealed")
                        .collectInto(new GenericType<Map<String, String>>() {}));
    }

    private static <T> T inDatabase(String url, Function<Database, T> use) {
        try (Database db = Database.postgres(url, TestDatabase.USER, TestDatabase.USER)) {
            return use.apply(db);
        }
    }

    /** A new deployment: a copy of the filled database and of its master key, and a data directory. */
    private static ServerConfig copy(String name) throws IOException {
        Path secrets = SecureFiles.createPrivateDirectories(dir.resolve(name + "-secrets"));
        Path masterKey = secrets.resolve("master.key");
        Files.copy(pristineMasterKey, masterKey, StandardCopyOption.COPY_ATTRIBUTES);
        Path data = SecureFiles.createPrivateDirectories(dir.resolve(name));
        return new ServerConfig("127.0.0.1", 0, data)
                .withDeployment(ClusterNodes.postgres(TestDatabase.copyPostgres(pristineUrl), masterKey));
    }
}
