package dev.signet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.signet.server.objects.ObjectStoreSettings;
import dev.signet.server.store.Database;
import dev.signet.server.store.DatabaseSettings;
import dev.signet.server.store.TestDatabase;
import dev.signet.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * What the {@link Deployment} part of the configuration changes in a running server: the database
 * it opens (PostgreSQL with a password file and pool size), the region and account in its ARNs and
 * SigV4 scope, the master key file outside the data directory.
 */
class DeploymentSettingsTest {
    @TempDir
    Path dir;

    @Test
    void postgresqlFromItsUrlUserPasswordFileAndPoolSize() throws Exception {
        String url;
        try (Database scratch = TestDatabase.POSTGRESQL.open()) {
            url = ((HikariDataSource) scratch.dataSource()).getJdbcUrl();
        }
        Path password = Files.writeString(dir.resolve("db-password"), "postgres\n");
        DatabaseSettings database =
                new DatabaseSettings(Optional.of(url), Optional.of("postgres"), Optional.of(password), 3);
        try (TestServer server = start(deployment(database, "us-east-1", "000000000000", Optional.empty()))) {
            Database opened = server.assembly().database();
            assertThat(opened.dialect()).isEqualTo(Database.Dialect.POSTGRESQL);
            assertThat(((HikariDataSource) opened.dataSource()).getMaximumPoolSize())
                    .isEqualTo(3);
            assertThat(server.signer()
                            .putSigningProfile(r -> r.profileName("on_postgres").platformId("Signet-CMS-SHA256-ECDSA"))
                            .arn())
                    .startsWith("arn:aws:signer:us-east-1:000000000000:/signing-profiles/on_postgres");
            // (DataDirectory.prepare still creates an empty owner-only signet.db; nothing opens it)
            assertThat(server.dataDir().resolve("signet.db")).isEmptyFile();
        }
    }

    @Test
    void regionAndAccountAreInEveryArnAndTheSigningScope() {
        try (TestServer server =
                start(deployment(DatabaseSettings.embedded(), "eu-central-1", "123456789012", Optional.empty()))) {
            SignerClient signer = server.signer(b -> b.region(Region.EU_CENTRAL_1));
            assertThat(signer.putSigningProfile(r -> r.profileName("regional").platformId("Signet-CMS-SHA256-ECDSA"))
                            .arn())
                    .startsWith("arn:aws:signer:eu-central-1:123456789012:/signing-profiles/regional");
            // a client signing for another region is refused
            assertThat(org.assertj.core.api.Assertions.catchThrowable(
                            () -> server.signer().listSigningProfiles()))
                    .isNotNull();
        }
    }

    @Test
    void aMasterKeyFileOutsideTheDataDirectory() throws Exception {
        Path key = dir.resolve("secrets/master.key");
        Files.createDirectories(key.getParent());
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        Files.write(key, bytes);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        try (TestServer server =
                start(deployment(DatabaseSettings.embedded(), "us-east-1", "000000000000", Optional.of(key)))) {
            assertThat(server.signer().listSigningPlatforms().platforms()).isNotEmpty();
            assertThat(server.dataDir().resolve("master.key")).doesNotExist();
        }
    }

    private static Deployment deployment(
            DatabaseSettings database, String region, String account, Optional<Path> masterKey) {
        return new Deployment(
                Optional.empty(),
                Optional.empty(),
                false,
                region,
                account,
                database,
                ObjectStoreSettings.filesystem(),
                masterKey);
    }

    private static TestServer start(Deployment deployment) {
        return TestServer.start(Clock.systemUTC(), (ServerConfig c) -> c.withDeployment(deployment));
    }
}
