package dev.signet.core.format.cms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.FlippingKeyBackend;
import dev.signet.core.testing.Openssl;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TestPki;
import dev.signet.core.tsa.TimestampAuthority;
import dev.signet.core.tsa.Timestamper;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * sign() checks signature values instead of parsing its own output back: its evidence must be
 * exactly what verify() reports, and a corrupted signature value (the signer's or the TSA's) must
 * still make it fail.
 */
class CmsSelfCheckTest {
    private static final CmsDetachedFormat FORMAT = new CmsDetachedFormat();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static TimestampAuthority tsa;
    private static final Map<KeyAlgorithm, SigningKey> KEYS = new EnumMap<>(KeyAlgorithm.class);
    private static Path artifact;

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki(dir.resolve("pki"));
        tsa = pki.tsa();
        for (KeyAlgorithm a :
                new KeyAlgorithm[] {KeyAlgorithm.ECDSA_P256, KeyAlgorithm.ECDSA_P384, KeyAlgorithm.RSA_3072}) {
            KEYS.put(a, pki.signingKey(a, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30))));
        }
        artifact = Files.writeString(dir.resolve("artifact.txt"), "self-checked content\n");
    }

    @ParameterizedTest
    @CsvSource({
        "ECDSA_P256, true, true",
        "ECDSA_P256, false, true",
        "ECDSA_P256, true, false",
        "ECDSA_P256, false, false",
        "ECDSA_P384, true, true",
        "RSA_3072, true, true",
        "RSA_3072, false, false"
    })
    void evidenceOfSignIsExactlyWhatVerifyReports(KeyAlgorithm algorithm, boolean digest, boolean timestamped)
            throws Exception {
        Subject subject = digest
                ? new Subject.Digest(HashAlgorithm.SHA256, Digests.digest(HashAlgorithm.SHA256, artifact))
                : new Subject.File(artifact);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignatureEvidence signed = FORMAT.sign(request(subject, KEYS.get(algorithm), timestamped), out);
        SignatureEvidence verified = FORMAT.verify(subject, out.toByteArray());

        assertThat(verified.intact()).as(verified.integrityDetail()).isTrue();
        assertThat(signed.formatId()).isEqualTo(verified.formatId());
        assertThat(signed.intact()).isEqualTo(verified.intact());
        assertThat(signed.integrityDetail()).isEqualTo(verified.integrityDetail());
        assertThat(signed.chain()).isEqualTo(verified.chain());
        assertThat(signed.signingTime()).isEqualTo(verified.signingTime());
        assertThat(signed.timestamp()).isEqualTo(verified.timestamp());
        assertThat(signed.timestamp().isPresent()).isEqualTo(timestamped);
        assertThat(signed.signatureValue()).isEqualTo(verified.signatureValue());
        assertThat(signed.signatureId()).isEqualTo(verified.signatureId());
        assertThat(signed.expiresAt()).isEqualTo(verified.expiresAt());
    }

    @Test
    void theOutputIsCanonicalDer() throws Exception {
        byte[] der = sign(new Subject.File(artifact), KEYS.get(KeyAlgorithm.ECDSA_P256), Optional.of(tsa));
        assertThat(ContentInfo.getInstance(der).getEncoded(ASN1Encoding.DER)).isEqualTo(der);
    }

    @Test
    void opensslVerifiesATimeStampedDigestSignature() throws Exception {
        Subject.Digest digest =
                new Subject.Digest(HashAlgorithm.SHA256, Digests.digest(HashAlgorithm.SHA256, artifact));
        Path sig = Files.write(
                dir.resolve("digest.p7s"), sign(digest, KEYS.get(KeyAlgorithm.ECDSA_P256), Optional.of(tsa)));
        Path root = Files.writeString(dir.resolve("root.pem"), Pem.encode(pki.root()));
        Processes.Result r = Openssl.cmsVerify(sig, artifact, root);
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void aCorruptedSignatureValueFromTheKeyBackendFailsSign() {
        SigningKey good = KEYS.get(KeyAlgorithm.ECDSA_P256);
        SigningKey corrupting = new SigningKey(new FlippingKeyBackend(good.backend()), good.handle(), good.chain());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> FORMAT.sign(request(new Subject.File(artifact), corrupting, true), out))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("failed its own verification");
        assertThat(out.size()).isZero();
    }

    @Test
    void aCorruptedTimeStampSignatureFailsSign() {
        Timestamper corruptTsa = TimestampAuthority.openOrCreate(
                dir.resolve("pki").resolve("tsa"), new FlippingKeyBackend(pki.keys()), pki.ca(), Clock.systemUTC());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignRequest request = new SignRequest(
                new Subject.File(artifact), KEYS.get(KeyAlgorithm.ECDSA_P256), metadata(), Optional.of(corruptTsa));
        assertThatThrownBy(() -> FORMAT.sign(request, out))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("time-stamp");
        assertThat(out.size()).isZero();
    }

    @Test
    void aForeignTimestamperIsVerifiedInFull() throws Exception {
        // any Timestamper other than the built-in TSA: its tokens are parsed and verified
        Timestamper foreign = tsa::timestamp;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignRequest request = new SignRequest(
                new Subject.File(artifact), KEYS.get(KeyAlgorithm.ECDSA_P256), metadata(), Optional.of(foreign));
        SignatureEvidence signed = FORMAT.sign(request, out);
        assertThat(signed.timestamp())
                .isEqualTo(FORMAT.verify(new Subject.File(artifact), out.toByteArray())
                        .timestamp());

        Timestamper broken = (hash, digest) -> {
            byte[] token = tsa.timestamp(hash, digest);
            token[token.length - 1] ^= 0x01;
            return token;
        };
        SignRequest brokenRequest = new SignRequest(
                new Subject.File(artifact), KEYS.get(KeyAlgorithm.ECDSA_P256), metadata(), Optional.of(broken));
        assertThatThrownBy(() -> FORMAT.sign(brokenRequest, new ByteArrayOutputStream()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("time-stamp");
    }

    @Test
    void concurrentSignersShareTheCachedParts() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                KeyAlgorithm algorithm = i % 2 == 0 ? KeyAlgorithm.ECDSA_P256 : KeyAlgorithm.ECDSA_P384;
                results.add(pool.submit(() -> sign(new Subject.File(artifact), KEYS.get(algorithm), Optional.of(tsa))));
            }
            for (Future<byte[]> result : results) {
                byte[] der = result.get(60, TimeUnit.SECONDS);
                assertThat(FORMAT.verify(new Subject.File(artifact), der).intact())
                        .isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static SignatureMetadata metadata() {
        return new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(30)), TestPki.ARN, Optional.empty());
    }

    private static SignRequest request(Subject subject, SigningKey key, boolean timestamped) {
        return new SignRequest(subject, key, metadata(), timestamped ? Optional.of(tsa) : Optional.empty());
    }

    private static byte[] sign(Subject subject, SigningKey key, Optional<Timestamper> timestamper)
            throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FORMAT.sign(new SignRequest(subject, key, metadata(), timestamper), out);
        return out.toByteArray();
    }
}
