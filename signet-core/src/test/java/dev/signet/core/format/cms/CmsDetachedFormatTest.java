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
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.Openssl;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encoding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class CmsDetachedFormatTest {
    private static final CmsDetachedFormat FORMAT = new CmsDetachedFormat();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static final Map<KeyAlgorithm, SigningKey> KEYS = new EnumMap<>(KeyAlgorithm.class);
    private static Path artifact;
    private static Path rootPem;

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki(dir.resolve("pki"));
        for (KeyAlgorithm a : KeyAlgorithm.values()) {
            KEYS.put(a, pki.signingKey(a, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30))));
        }
        byte[] content = new byte[100_000];
        new Random(42).nextBytes(content);
        artifact = Files.write(dir.resolve("artifact.bin"), content);
        rootPem = Files.writeString(dir.resolve("root.pem"), Pem.encode(pki.root()));
    }

    static SignRequest request(Subject subject, KeyAlgorithm algorithm) {
        return new SignRequest(
                subject,
                KEYS.get(algorithm),
                new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(30)), TestPki.ARN, Optional.empty()));
    }

    static byte[] sign(Subject subject, KeyAlgorithm algorithm) throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FORMAT.sign(request(subject, algorithm), out);
        return out.toByteArray();
    }

    static Subject.Digest digestOf(Path file) throws Exception {
        return new Subject.Digest(HashAlgorithm.SHA256, Digests.digest(HashAlgorithm.SHA256, file));
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"ECDSA_P256", "ECDSA_P384", "RSA_3072"})
    void fileAndDigestSubjectsGiveTheSameStructureAndVerification(KeyAlgorithm algorithm) throws Exception {
        byte[] fromFile = sign(new Subject.File(artifact), algorithm);
        byte[] fromDigest = sign(digestOf(artifact), algorithm);

        ParsedCms a = ParsedCms.parse(fromFile);
        ParsedCms b = ParsedCms.parse(fromDigest);
        assertThat(a.signer().getAuthenticatedAttributes().getEncoded(ASN1Encoding.DER))
                .isEqualTo(b.signer().getAuthenticatedAttributes().getEncoded(ASN1Encoding.DER));
        assertThat(a.certificates()).isEqualTo(b.certificates()).hasSize(3);
        assertThat(fromFile.length).isBetween(fromDigest.length - 8, fromDigest.length + 8);

        for (byte[] signature : new byte[][] {fromFile, fromDigest}) {
            for (Subject subject : new Subject[] {new Subject.File(artifact), digestOf(artifact)}) {
                SignatureEvidence evidence = FORMAT.verify(subject, signature);
                assertThat(evidence.intact()).as(evidence.integrityDetail()).isTrue();
                assertThat(evidence.formatId()).isEqualTo("cms-detached");
                assertThat(evidence.chain())
                        .containsExactlyElementsOf(KEYS.get(algorithm).chain());
                assertThat(evidence.signingTime()).contains(NOW);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"ECDSA_P256", "RSA_3072"})
    void opensslAcceptsBothSubjectKinds(KeyAlgorithm algorithm) throws Exception {
        for (Subject subject : new Subject[] {new Subject.File(artifact), digestOf(artifact)}) {
            Path sig = Files.write(dir.resolve("sig-" + algorithm + ".p7s"), sign(subject, algorithm));
            Processes.Result result = opensslVerify(artifact, sig);
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("Verification successful");
        }
    }

    @Test
    void singleByteChangesInTheArtifactAreRejectedByOpensslAndByVerify() throws Exception {
        byte[] signature = sign(new Subject.File(artifact), KeyAlgorithm.ECDSA_P256);
        Path sig = Files.write(dir.resolve("flip.p7s"), signature);
        byte[] content = Files.readAllBytes(artifact);
        Random random = new Random(7);
        int[] positions = {
            0, content.length - 1, random.nextInt(content.length), random.nextInt(content.length), content.length / 2
        };
        for (int position : positions) {
            byte[] changed = content.clone();
            changed[position] ^= (byte) (1 + random.nextInt(255));
            Path tampered = Files.write(dir.resolve("tampered.bin"), changed);
            assertThat(opensslVerify(tampered, sig).exitCode())
                    .as("openssl at byte " + position)
                    .isNotZero();
            SignatureEvidence evidence = FORMAT.verify(new Subject.File(tampered), signature);
            assertThat(evidence.intact()).as("byte " + position).isFalse();
            assertThat(evidence.integrityDetail()).contains("digest mismatch");
        }
    }

    @Test
    void pemArmourIsAccepted() throws Exception {
        byte[] der = sign(new Subject.File(artifact), KeyAlgorithm.ECDSA_P256);
        for (String label : new String[] {"PKCS7", "CMS"}) {
            byte[] pem = Pem.encode(label, der).getBytes(StandardCharsets.US_ASCII);
            assertThat(FORMAT.detect(pem)).isTrue();
            assertThat(FORMAT.verify(new Subject.File(artifact), pem).intact()).isTrue();
        }
    }

    @Test
    void detectRecognisesSignedDataAndNothingElse() throws Exception {
        byte[] der = sign(new Subject.File(artifact), KeyAlgorithm.ECDSA_P256);
        assertThat(FORMAT.detect(der)).isTrue();
        assertThat(FORMAT.detect(java.util.Arrays.copyOf(der, 16))).isTrue();
        assertThat(SignatureFormats.detect(der)).containsInstanceOf(CmsDetachedFormat.class);
        assertThat(SignatureFormats.forPlatform("Signet-CMS-SHA256-RSA")).containsInstanceOf(CmsDetachedFormat.class);
        assertThat(FORMAT.detect(new byte[0])).isFalse();
        assertThat(FORMAT.detect(new byte[] {0x30})).isFalse();
        assertThat(FORMAT.detect("hello".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(FORMAT.detect(pki.root().getEncoded())).isFalse();
        assertThat(FORMAT.detect("-----BEGIN CERTIFICATE-----".getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
    }

    static Stream<Arguments> malformedInputIsAFormatExceptionCases() {
        return Stream.of(
                Arguments.of("", "the CMS signature is empty"),
                Arguments.of("garbage", "not a CMS signature: corrupted stream"),
                Arguments.of("-----BEGIN PKCS7-----\n!!!\n-----END PKCS7-----", "PEM PKCS7 body is not valid base64"),
                Arguments.of("-----BEGIN CMS-----\nAAAA", "PEM CMS armour has no END line"));
    }

    @ParameterizedTest
    @MethodSource("malformedInputIsAFormatExceptionCases")
    void malformedInputIsAFormatException(String input, String reason) {
        assertThatThrownBy(() -> FORMAT.verify(new Subject.File(artifact), input.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void truncationsAreFormatExceptions() throws Exception {
        byte[] der = sign(new Subject.File(artifact), KeyAlgorithm.ECDSA_P256);
        for (int length = 0; length < der.length; length += 37) {
            byte[] truncated = java.util.Arrays.copyOf(der, length);
            assertThatThrownBy(() -> FORMAT.verify(new Subject.File(artifact), truncated))
                    .as("length " + length)
                    .isInstanceOf(FormatException.class)
                    .hasMessageMatching("the CMS signature is empty|not a CMS signature: .*");
        }
    }

    @Test
    void hostileInputsFailFastWithFormatExceptions() {
        byte[] nested = new byte[200_000];
        for (int i = 0; i < nested.length; i += 2) {
            nested[i] = 0x30;
            nested[i + 1] = (byte) 0x80;
        }
        assertThatThrownBy(() -> FORMAT.verify(new Subject.File(artifact), nested))
                .isInstanceOf(FormatException.class)
                .hasMessage("not a CMS signature: maximum nested construction level reached");
        byte[] huge = new byte[(1 << 20) + 1];
        huge[0] = 0x30;
        assertThatThrownBy(() -> FORMAT.verify(new Subject.File(artifact), huge))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("larger than");
        byte[] lyingLength = {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x06, 0x09};
        assertThatThrownBy(() -> FORMAT.verify(new Subject.File(artifact), lyingLength))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("not a CMS signature: corrupted stream - out of bounds length found");
    }

    @Test
    void refusesWhatItCannotSign() throws Exception {
        assertThatThrownBy(() -> sign(new Subject.File(artifact), KeyAlgorithm.ED25519))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("Ed25519");
        assertThatThrownBy(() -> sign(new Subject.Digest(HashAlgorithm.SHA384, new byte[48]), KeyAlgorithm.ECDSA_P256))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("SHA-256");
        assertThatThrownBy(() -> sign(new Subject.File(dir.resolve("missing")), KeyAlgorithm.ECDSA_P256))
                .isInstanceOf(FormatException.class)
                .hasMessageStartingWith("cannot read ");
    }

    @Test
    void aDigestOfAnotherAlgorithmIsAFormatException() throws Exception {
        byte[] der = sign(new Subject.File(artifact), KeyAlgorithm.ECDSA_P256);
        assertThatThrownBy(() -> FORMAT.verify(new Subject.Digest(HashAlgorithm.SHA384, new byte[48]), der))
                .isInstanceOf(FormatException.class)
                .hasMessage("the signature covers a SHA-256 digest but a SHA-384 digest was given");
    }

    @Test
    void structurallyWrongSignedDataIsRefused() throws Exception {
        byte[] der = sign(new Subject.File(artifact), KeyAlgorithm.ECDSA_P256);
        var info = org.bouncycastle.asn1.cms.ContentInfo.getInstance(der);
        var sd = org.bouncycastle.asn1.cms.SignedData.getInstance(info.getContent());
        var data = org.bouncycastle.asn1.cms.CMSObjectIdentifiers.data;
        var attached = new org.bouncycastle.asn1.cms.SignedData(
                sd.getDigestAlgorithms(),
                new org.bouncycastle.asn1.cms.ContentInfo(
                        data, new org.bouncycastle.asn1.DEROctetString(new byte[] {1})),
                sd.getCertificates(),
                null,
                sd.getSignerInfos());
        var twoSigners = new org.bouncycastle.asn1.cms.SignedData(
                sd.getDigestAlgorithms(),
                sd.getEncapContentInfo(),
                sd.getCertificates(),
                null,
                new org.bouncycastle.asn1.DERSet(new org.bouncycastle.asn1.ASN1Encodable[] {
                    sd.getSignerInfos().getObjectAt(0),
                    org.bouncycastle.asn1.cms.SignerInfo.getInstance(
                            sd.getSignerInfos().getObjectAt(0))
                }));
        var otherType = new org.bouncycastle.asn1.cms.SignedData(
                sd.getDigestAlgorithms(),
                new org.bouncycastle.asn1.cms.ContentInfo(
                        org.bouncycastle.asn1.cms.CMSObjectIdentifiers.envelopedData, null),
                sd.getCertificates(),
                null,
                sd.getSignerInfos());
        var noDigestAlgorithms = new org.bouncycastle.asn1.cms.SignedData(
                new org.bouncycastle.asn1.DERSet(),
                sd.getEncapContentInfo(),
                sd.getCertificates(),
                null,
                sd.getSignerInfos());
        Map<org.bouncycastle.asn1.cms.SignedData, String> reasons = Map.of(
                attached, "CMS signature is not detached: it carries its content",
                otherType, "CMS encapsulated content type is 1.2.840.113549.1.7.3, not id-data",
                noDigestAlgorithms, "CMS digestAlgorithms does not list the signer's digest algorithm");
        for (var bad : new org.bouncycastle.asn1.cms.SignedData[] {attached, otherType, noDigestAlgorithms}) {
            byte[] encoded = new org.bouncycastle.asn1.cms.ContentInfo(info.getContentType(), bad).getEncoded("DER");
            assertThatThrownBy(() -> FORMAT.verify(new Subject.File(artifact), encoded))
                    .isInstanceOf(FormatException.class)
                    .hasMessage(reasons.get(bad));
        }
        byte[] two = new org.bouncycastle.asn1.cms.ContentInfo(info.getContentType(), twoSigners).getEncoded("DER");
        assertThatThrownBy(() -> FORMAT.verify(new Subject.File(artifact), two))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("exactly one signer");
        for (byte[] suffix : new byte[][] {{0x05, 0x00}, {0x00, 0x00}, {0x00}, {0x30}}) {
            byte[] trailing = java.util.Arrays.copyOf(der, der.length + suffix.length);
            System.arraycopy(suffix, 0, trailing, der.length, suffix.length);
            assertThatThrownBy(() -> FORMAT.verify(new Subject.File(artifact), trailing))
                    .isInstanceOf(FormatException.class)
                    .hasMessageContaining("not a CMS signature: ");
        }
    }

    static Processes.Result opensslVerify(Path content, Path signature) {
        return Openssl.cmsVerify(signature, content, rootPem);
    }

    @Test
    void isSignedRecognisesOnlyParsableSignaturesAsAlreadySigned() throws Exception {
        byte[] der = sign(new Subject.File(artifact), KeyAlgorithm.ECDSA_P256);
        assertThat(FORMAT.isSigned(Files.write(dir.resolve("sig.p7s"), der))).isTrue();
        String pem = "-----BEGIN CMS-----\n" + java.util.Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END CMS-----\n";
        assertThat(FORMAT.isSigned(Files.writeString(dir.resolve("sig.pem"), pem)))
                .isTrue();

        assertThat(FORMAT.isSigned(artifact)).isFalse();
        assertThat(FORMAT.isSigned(Files.write(dir.resolve("empty.bin"), new byte[0])))
                .isFalse();
        byte[] truncated = java.util.Arrays.copyOf(der, der.length / 2);
        assertThat(FORMAT.isSigned(Files.write(dir.resolve("truncated.p7s"), truncated)))
                .isFalse();
        byte[] headOnly = java.util.Arrays.copyOf(der, 40);
        assertThat(FORMAT.isSigned(Files.write(dir.resolve("head.p7s"), headOnly)))
                .isFalse();
    }
}
