package dev.signet.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.format.cms.CmsDetachedFormat;
import dev.signet.core.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant EXPIRES = NOW.plus(Duration.ofDays(30));

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static TestPki otherPki;
    private static SigningKey key;
    private static Path artifact;
    private static byte[] signature;

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki(dir.resolve("pki"));
        otherPki = new TestPki(dir.resolve("other"));
        key = pki.signingKey(KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofMinutes(5)), EXPIRES);
        artifact = Files.writeString(dir.resolve("artifact.txt"), "hello, signet\n".repeat(100));
        signature = sign(key, NOW);
    }

    static byte[] sign(SigningKey signingKey, Instant signingTime) throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CmsDetachedFormat()
                .sign(
                        new SignRequest(
                                new Subject.File(artifact),
                                signingKey,
                                new SignatureMetadata(
                                        signingTime, EXPIRES.plusSeconds(1), TestPki.ARN, Optional.empty())),
                        out);
        return out.toByteArray();
    }

    static Verifier verifier(List<java.security.cert.X509Certificate> roots, Instant now) {
        return Verifier.builder()
                .trustedRoots(roots)
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .build();
    }

    /** The checks a verifier without publishers or revocation list reports; TIMESTAMP is OK (no token) unless integrity failed. */
    static void assertReasons(VerificationResult result, ReasonCode integrity, ReasonCode chain, ReasonCode expiry) {
        assertThat(result.checks())
                .extracting(CheckResult::check)
                .containsExactly(Check.INTEGRITY, Check.CHAIN, Check.EXPIRY, Check.TIMESTAMP);
        ReasonCode timestamp = integrity == ReasonCode.OK ? ReasonCode.OK : integrity;
        assertThat(result.checks())
                .extracting(CheckResult::reason)
                .containsExactly(integrity, chain, expiry, timestamp);
        assertThat(result.checks())
                .allSatisfy(c -> assertThat(c.message()).isNotBlank().doesNotContain("\n"));
    }

    @Test
    void aGoodSignatureIsValid() {
        VerificationResult result =
                verifier(List.of(pki.root()), NOW.plusSeconds(60)).verify(new Subject.File(artifact), signature);
        assertReasons(result, ReasonCode.OK, ReasonCode.OK, ReasonCode.OK);
        assertThat(result.valid()).isTrue();
        assertThat(result.failures()).isEmpty();
        byte[] pem =
                dev.signet.core.ca.Pem.encode("CMS", signature).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(verifier(List.of(pki.root()), NOW.plusSeconds(60))
                        .verify(new Subject.File(artifact), pem)
                        .valid())
                .isTrue();
    }

    @Test
    void afterTheCertificateEndsTheSignatureIsExpired() {
        VerificationResult result = verifier(List.of(pki.root()), EXPIRES.plus(Duration.ofDays(1)))
                .verify(new Subject.File(artifact), signature);
        assertReasons(result, ReasonCode.OK, ReasonCode.OK, ReasonCode.EXPIRED);
        assertThat(result.valid()).isFalse();
    }

    @Test
    void signedBeforeTheCertificateStartsIsNotYetValid() throws Exception {
        byte[] early = sign(key, NOW.minus(Duration.ofDays(1)));
        VerificationResult result =
                verifier(List.of(pki.root()), NOW.plusSeconds(60)).verify(new Subject.File(artifact), early);
        assertReasons(result, ReasonCode.OK, ReasonCode.OK, ReasonCode.NOT_YET_VALID);
        assertThat(result.valid()).isFalse();
    }

    @Test
    void anUntrustedRootIsAnUntrustedChain() {
        VerificationResult result =
                verifier(List.of(otherPki.root()), NOW.plusSeconds(60)).verify(new Subject.File(artifact), signature);
        assertReasons(result, ReasonCode.OK, ReasonCode.UNTRUSTED_CHAIN, ReasonCode.OK);
        VerificationResult none =
                verifier(List.of(), NOW.plusSeconds(60)).verify(new Subject.File(artifact), signature);
        assertReasons(none, ReasonCode.OK, ReasonCode.UNTRUSTED_CHAIN, ReasonCode.OK);
    }

    @Test
    void aSignerWithoutCodeSigningUsageIsAnUntrustedChain() throws Exception {
        var backend = new dev.signet.core.crypto.software.SoftwareKeyBackend(
                dev.signet.core.crypto.MasterKey.loadOrCreate(dir.resolve("adhoc/master.key")),
                dir.resolve("adhoc/keys"));
        var rootKey = backend.generate(KeyAlgorithm.ECDSA_P256);
        var leafKey = backend.generate(KeyAlgorithm.ECDSA_P256);
        var rootName = new org.bouncycastle.asn1.x500.X500Name("CN=Ad hoc root");
        var root = certificate(backend, rootKey, rootName, rootName, backend.publicKey(rootKey), true);
        var leaf = certificate(
                backend,
                rootKey,
                rootName,
                new org.bouncycastle.asn1.x500.X500Name("CN=No EKU"),
                backend.publicKey(leafKey),
                false);
        byte[] noEku = sign(new SigningKey(backend, leafKey, List.of(leaf, root)), NOW);
        VerificationResult result =
                verifier(List.of(root), NOW.plusSeconds(60)).verify(new Subject.File(artifact), noEku);
        assertReasons(result, ReasonCode.OK, ReasonCode.UNTRUSTED_CHAIN, ReasonCode.OK);
        assertThat(result.checks().get(1).message()).contains("codeSigning");
    }

    private static java.security.cert.X509Certificate certificate(
            dev.signet.core.crypto.KeyBackend backend,
            dev.signet.core.crypto.KeyHandle signer,
            org.bouncycastle.asn1.x500.X500Name issuer,
            org.bouncycastle.asn1.x500.X500Name subject,
            java.security.PublicKey key,
            boolean ca)
            throws Exception {
        var builder = new org.bouncycastle.cert.X509v3CertificateBuilder(
                issuer,
                java.math.BigInteger.valueOf(new Random().nextInt(1_000_000) + 1),
                java.util.Date.from(NOW.minus(Duration.ofDays(1))),
                java.util.Date.from(EXPIRES),
                subject,
                org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(key.getEncoded()));
        builder.addExtension(
                org.bouncycastle.asn1.x509.Extension.basicConstraints,
                true,
                new org.bouncycastle.asn1.x509.BasicConstraints(ca));
        var holder = builder.build(new dev.signet.core.crypto.KeyBackendContentSigner(
                backend, signer, dev.signet.core.crypto.HashAlgorithm.SHA256));
        return dev.signet.core.ca.Pem.certificate(holder.getEncoded());
    }

    @Test
    void anEmptySignatureIsUnsigned() {
        VerificationResult result = verifier(List.of(pki.root()), NOW).verify(new Subject.File(artifact), new byte[0]);
        assertReasons(result, ReasonCode.UNSIGNED, ReasonCode.UNSIGNED, ReasonCode.UNSIGNED);
        assertThat(result.checks().get(1).message()).startsWith("not checked");
        assertThat(verifier(List.of(pki.root()), NOW)
                        .verify(new Subject.File(artifact), null)
                        .valid())
                .isFalse();
    }

    @Test
    void garbageIsMalformed() {
        for (byte[] garbage : new byte[][] {
            "not a signature".getBytes(), {0x30, 0x03, 0x06, 0x01, 0x00}, java.util.Arrays.copyOf(signature, 100)
        }) {
            VerificationResult result = verifier(List.of(pki.root()), NOW).verify(new Subject.File(artifact), garbage);
            assertReasons(result, ReasonCode.MALFORMED, ReasonCode.MALFORMED, ReasonCode.MALFORMED);
        }
    }

    /** A format whose parser fails with {@code failure}: its declared exception, or a bug. */
    private static dev.signet.core.format.SignatureFormat failingFormat(Exception failure) {
        return new dev.signet.core.format.SignatureFormat() {
            @Override
            public String id() {
                return "failing";
            }

            @Override
            public java.util.Set<String> platformIds() {
                return java.util.Set.of();
            }

            @Override
            public boolean detect(byte[] head) {
                return false;
            }

            @Override
            public dev.signet.core.format.SignatureEvidence sign(SignRequest request, java.io.OutputStream out) {
                throw new UnsupportedOperationException();
            }

            @Override
            public dev.signet.core.format.SignatureEvidence verify(Subject subject, byte[] signature)
                    throws FormatException {
                if (failure instanceof FormatException declared) {
                    throw declared;
                }
                throw (RuntimeException) failure;
            }
        };
    }

    @Test
    void onlyTheFormatsDeclaredFailureIsMalformed() {
        VerificationResult result = verifier(List.of(pki.root()), NOW)
                .verify(failingFormat(new FormatException("not a signature")), new Subject.File(artifact), signature);
        assertReasons(result, ReasonCode.MALFORMED, ReasonCode.MALFORMED, ReasonCode.MALFORMED);
        assertThat(result.checks().get(0).message()).isEqualTo("not a signature");
        assertThat(result.internalError()).isEmpty();
    }

    /** A bug in a parser is Signet's failure: never MALFORMED, never valid, and handed to the caller. */
    @Test
    void anUnexpectedExceptionIsAnInternalErrorNotMalformed() {
        VerificationResult result = verifier(List.of(pki.root()), NOW)
                .verify(new Subject.File(artifact), dev.signet.core.testing.BrokenFormat.signature());
        assertReasons(result, ReasonCode.INTERNAL_ERROR, ReasonCode.INTERNAL_ERROR, ReasonCode.INTERNAL_ERROR);
        assertThat(result.valid()).isFalse();
        assertThat(result.checks().get(0).message())
                .isEqualTo("Signet failed while verifying (IllegalStateException); the signature was not judged");
        assertThat(result.checks().get(1).message()).startsWith("not checked");
        assertThat(result.evidence()).isEmpty();
        assertThat(result.internalError()).hasValueSatisfying(f -> {
            assertThat(f.getCause())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(dev.signet.core.testing.BrokenFormat.FAILURE);
            assertThat(f.getMessage())
                    .startsWith("verifying a test-broken signature over the file " + artifact + " failed:");
        });
    }

    @Test
    void aChangedArtifactFailsIntegrity() throws Exception {
        Path other = Files.writeString(dir.resolve("other.txt"), "something else");
        VerificationResult result =
                verifier(List.of(pki.root()), NOW.plusSeconds(60)).verify(new Subject.File(other), signature);
        assertReasons(result, ReasonCode.INTEGRITY, ReasonCode.INTEGRITY, ReasonCode.INTEGRITY);
        assertThat(result.checks().get(0).message()).contains("digest mismatch");
    }

    @Test
    void singleByteChangesAcrossTheSignatureAlwaysFailAndNeverThrow() {
        Verifier verifier = verifier(List.of(pki.root()), NOW.plusSeconds(60));
        Random random = new Random(2026);
        int checked = 0;
        for (int position = 0; position < signature.length; position += 1 + random.nextInt(5)) {
            byte[] tampered = signature.clone();
            tampered[position] ^= (byte) (1 + random.nextInt(255));
            VerificationResult result = verifier.verify(new Subject.File(artifact), tampered);
            assertThat(result.valid())
                    .as("byte %d of %d", position, signature.length)
                    .isFalse();
            assertThat(result.checks()).hasSize(4);
            checked++;
        }
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void theVerifierIsUsableFromManyThreads() throws Exception {
        Verifier verifier = verifier(List.of(pki.root()), NOW.plusSeconds(60));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
            for (int i = 0; i < 16; i++) {
                futures.add(pool.submit(() ->
                        verifier.verify(new Subject.File(artifact), signature).valid()));
            }
            for (var f : futures) {
                assertThat(f.get(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
