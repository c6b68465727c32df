package dev.signet.core.format.cms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.Openssl;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TestPki;
import dev.signet.core.tsa.TimestampAuthority;
import dev.signet.core.verify.Check;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cms-detached with an RFC 3161 token over the signature value (unsigned attribute). */
class CmsTimestampTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static TimestampAuthority tsa;
    private static SigningKey key;
    private static Path artifact;
    private static byte[] signature;

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki(dir.resolve("pki"));
        tsa = pki.tsa();
        key = pki.signingKey(KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)));
        artifact = Files.writeString(dir.resolve("artifact.txt"), "timestamped content");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CmsDetachedFormat()
                .sign(
                        new SignRequest(
                                new Subject.File(artifact),
                                key,
                                new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(1)), TestPki.ARN, Optional.empty()),
                                Optional.of(tsa)),
                        out);
        signature = out.toByteArray();
    }

    @Test
    void carriesAVerifiedTokenFromTheTsa() throws Exception {
        SignatureEvidence evidence = new CmsDetachedFormat().verify(new Subject.File(artifact), signature);
        assertThat(evidence.intact()).as(evidence.integrityDetail()).isTrue();
        assertThat(evidence.timestamp()).isPresent();
        assertThat(evidence.timestamp().get().chain().get(0))
                .isEqualTo(tsa.chain().get(0));
    }

    @Test
    void opensslStillVerifiesIt() throws Exception {
        Path sig = Files.write(dir.resolve("ts.p7s"), signature);
        Path root = Files.writeString(dir.resolve("root.pem"), Pem.encode(pki.root()));
        Processes.Result r = Openssl.cmsVerify(sig, artifact, root);
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void aTrustedTimestampProvesTheSigningTimeButDoesNotOutliveTheExpiry() {
        Clock later = Clock.fixed(NOW.plus(Duration.ofDays(400)), ZoneOffset.UTC);
        VerificationResult result = Verifier.builder()
                .trustedRoots(List.of(pki.root()))
                .clock(later)
                .build()
                .verify(new Subject.File(artifact), signature);
        assertThat(result.check(Check.CHAIN).orElseThrow().passed()).isTrue();
        assertThat(result.check(Check.TIMESTAMP).orElseThrow().passed()).isTrue();
        assertThat(result.check(Check.EXPIRY).orElseThrow().reason()).isEqualTo(ReasonCode.EXPIRED);
        assertThat(result.signature().orElseThrow().timestamped()).isTrue();
    }

    @Test
    void withoutTrustingTheTsaRootTheTokenIsIgnoredAndTheSignatureExpires() {
        TestPki other = new TestPki(dir.resolve("other"));
        Clock later = Clock.fixed(NOW.plus(Duration.ofDays(400)), ZoneOffset.UTC);
        VerificationResult result = Verifier.builder()
                .trustedRoots(List.of(other.root()))
                .clock(later)
                .build()
                .verify(new Subject.File(artifact), signature);
        assertThat(result.checks().get(2).reason()).isEqualTo(ReasonCode.EXPIRED);
    }

    @Test
    void aDamagedTokenFailsIntegrity() {
        byte[] tampered = signature.clone();
        tampered[tampered.length - 30] ^= 0x01; // inside the token's own signature, at the very end
        VerificationResult result = Verifier.builder()
                .trustedRoots(List.of(pki.root()))
                .build()
                .verify(new Subject.File(artifact), tampered);
        assertThat(result.checks().get(0).check()).isEqualTo(Check.INTEGRITY);
        assertThat(result.checks().get(0).passed()).isFalse();
    }

    @Test
    void verifyingAgainReportsTheSame() throws Exception {
        SignatureEvidence first = new CmsDetachedFormat().verify(new Subject.File(artifact), signature);
        SignatureEvidence again = new CmsDetachedFormat().verify(new Subject.File(artifact), signature);
        assertThat(again.intact()).as(again.integrityDetail()).isTrue();
        assertThat(again.chain()).isEqualTo(first.chain());
        assertThat(again.timestamp().orElseThrow().chain())
                .isEqualTo(first.timestamp().orElseThrow().chain())
                .isEqualTo(tsa.chain());
        assertThat(again.timestamp().orElseThrow().time())
                .isEqualTo(first.timestamp().orElseThrow().time());
        assertThat(again.signatureValue()).isEqualTo(first.signatureValue());
    }

    @Test
    void aChangedTsaCertificateFailsIntegrityAfterTheGenuineOneVerified() throws Exception {
        assertThat(new CmsDetachedFormat()
                        .verify(new Subject.File(artifact), signature)
                        .intact())
                .isTrue();
        byte[] tsaCertificate = tsa.chain().get(0).getEncoded();
        int at = indexOf(signature, tsaCertificate);
        assertThat(at).isPositive();
        byte[] tampered = signature.clone();
        tampered[at + tsaCertificate.length - 5] ^= 0x01; // inside the certificate's own signature value
        SignatureEvidence evidence = new CmsDetachedFormat().verify(new Subject.File(artifact), tampered);
        assertThat(evidence.intact()).isFalse();
        assertThat(evidence.integrityDetail())
                .isEqualTo("the time-stamp token is invalid: certificate hash does not match certID hash.");
    }

    @Test
    void aTokenOverAnotherSignatureFailsIntegrity() throws Exception {
        // the same signer and time, another ECDSA value: move this signature's token onto the other
        // (one whose token has the same length, so that only the token changes)
        byte[] token = tokenOf(signature);
        byte[] other = null;
        byte[] otherToken = null;
        for (int attempt = 0; attempt < 50 && (otherToken == null || otherToken.length != token.length); attempt++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new CmsDetachedFormat()
                    .sign(
                            new SignRequest(
                                    new Subject.File(artifact),
                                    key,
                                    new SignatureMetadata(
                                            NOW, NOW.plus(Duration.ofDays(1)), TestPki.ARN, Optional.empty()),
                                    Optional.of(tsa)),
                            out);
            other = out.toByteArray();
            otherToken = tokenOf(other);
        }
        assertThat(otherToken).hasSameSizeAs(token);
        int at = indexOf(other, otherToken);
        byte[] swapped = other.clone();
        System.arraycopy(token, 0, swapped, at, token.length);
        SignatureEvidence evidence = new CmsDetachedFormat().verify(new Subject.File(artifact), swapped);
        assertThat(evidence.intact()).isFalse();
        assertThat(evidence.integrityDetail()).isEqualTo("the time-stamp token covers other data than this signature");
    }

    private static byte[] tokenOf(byte[] cms) throws Exception {
        var signer = org.bouncycastle.asn1.cms.SignerInfo.getInstance(org.bouncycastle.asn1.cms.SignedData.getInstance(
                        org.bouncycastle.asn1.cms.ContentInfo.getInstance(cms).getContent())
                .getSignerInfos()
                .getObjectAt(0));
        var attribute = org.bouncycastle.asn1.cms.Attribute.getInstance(
                signer.getUnauthenticatedAttributes().getObjectAt(0));
        return attribute.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded("DER");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
