package dev.signet.server.store.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.server.service.certificate.ImportedCertificate;
import dev.signet.server.store.Database;
import dev.signet.server.store.TestDatabase;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JdbiCertificateRepositoryTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void storesAndFindsByOwnerAndArn(TestDatabase engine) {
        try (Database db = engine.open()) {
            var repository = new JdbiCertificateRepository(db);
            String id = "00000000-0000-4000-8000-000000000001";
            String arn = "arn:aws:acm:us-east-1:000000000000:certificate/" + id;
            ImportedCertificate certificate = new ImportedCertificate(
                    "000000000000",
                    id,
                    arn,
                    new KeyHandle("software", "KEYID", KeyAlgorithm.RSA_2048),
                    "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n",
                    "CN=device signer",
                    T0,
                    T0.plusSeconds(86_400),
                    T0.plusSeconds(60));
            repository.insert(certificate);
            assertThat(repository.find("000000000000", arn)).contains(certificate);
            assertThat(repository.find("111111111111", arn)).isEmpty();
            assertThat(repository.find("000000000000", arn + "x")).isEmpty();
        }
    }
}
