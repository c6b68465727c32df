package dev.signet.core.testing;

import dev.signet.core.ca.Pem;
import dev.signet.core.format.Subject;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;

/**
 * A committed test vector directory under {@code src/test/resources/vectors}: its {@code root.pem}
 * and {@code expected.properties} ({@code verifyAt}, {@code expiresAt}), and the Verifier at a
 * fixed instant trusting that root.
 */
public record TestVectors(Path dir) {
    public static TestVectors of(String name) {
        return new TestVectors(Path.of("src/test/resources/vectors").resolve(name));
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public Instant instant(String key) throws IOException {
        return Instant.parse(property(key));
    }

    /** A value of {@code expected.properties}; fails when it is missing. */
    public String property(String key) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve("expected.properties"))) {
            p.load(in);
        }
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalStateException(dir + "/expected.properties has no " + key);
        }
        return value;
    }

    public Verifier verifierAt(Instant at) throws IOException, CertificateException {
        return Verifier.builder()
                .trustedRoots(Pem.decodeCertificates(Files.readString(dir.resolve("root.pem"))))
                .clock(Clock.fixed(at, ZoneOffset.UTC))
                .build();
    }

    /** Verifies {@code file} with {@code signature} (empty: embedded) at {@code verifyAt}. */
    public VerificationResult verify(Path file, byte[] signature) throws IOException, CertificateException {
        return verifierAt(instant("verifyAt")).verify(new Subject.File(file), signature);
    }
}
