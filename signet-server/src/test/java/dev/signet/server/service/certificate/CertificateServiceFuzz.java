package dev.signet.server.service.certificate;

import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.software.SoftwareKeyBackend;
import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.core.testing.FuzzInputs;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.testing.ClientFaults;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's PEM parsing of imported signing material ({@code POST /v1/certificates}, {@link
 * CertificateService#importCertificate}): the certificate, its PKCS#8 private key and the optional
 * chain, as three NUL-separated fields, into a real software key backend and a repository that
 * keeps nothing. Declares {@link ServiceException} with a 4xx status.
 */
class CertificateServiceFuzz {
    private static final Caller CALLER =
            Caller.administrator("AKIDFUZZ", "arn:aws:iam::000000000000:user/fuzz", "000000000000");

    @TempDir
    static Path dir;

    private static CertificateService service;

    @BeforeAll
    static void setUp() {
        CertificateRepository nothing = new CertificateRepository() {
            @Override
            public void insert(ImportedCertificate certificate) {}

            @Override
            public Optional<ImportedCertificate> find(String ownerAccount, String certificateArn) {
                return Optional.empty();
            }
        };
        SoftwareKeyBackend keys =
                new SoftwareKeyBackend(MasterKey.loadOrCreate(dir.resolve("master.key")), dir.resolve("keys"));
        // inside the seeds' certificates' validity
        Clock clock = Clock.fixed(Instant.parse("2026-12-10T00:00:00Z"), ZoneOffset.UTC);
        service = new CertificateService(nothing, keys, "aws", "us-east-1", clock);
    }

    @BoundedFuzzTest
    void importCertificate(byte[] input) {
        List<byte[]> fields = FuzzInputs.fields(input, 3);
        String certificate = new String(fields.get(0), StandardCharsets.UTF_8);
        String privateKey = new String(fields.get(1), StandardCharsets.UTF_8);
        Optional<String> chain = fields.get(2).length == 0
                ? Optional.empty()
                : Optional.of(new String(fields.get(2), StandardCharsets.UTF_8));
        FuzzBounds.parse(() -> {
            try {
                service.importCertificate(CALLER, certificate, privateKey, chain);
            } catch (ServiceException refused) {
                ClientFaults.require(refused);
            }
        });
    }
}
