package dev.signet.core.format.openpgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.EvidenceAssertions;
import dev.signet.core.testing.FlippingKeyBackend;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TestPki;
import dev.signet.core.testing.Tools;
import dev.signet.core.verify.CheckResult;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class OpenPgpFormatTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final OpenPgpFormat FORMAT = new OpenPgpFormat();

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static SigningKey rsa;
    private static Path artifact;
    private static Path signature;
    private static Path gnupgHome;

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki(dir.resolve("pki"));
        rsa = pki.signingKey(KeyAlgorithm.RSA_3072, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
        byte[] content = new byte[300_000];
        new Random(3).nextBytes(content);
        artifact = Files.write(dir.resolve("artifact.bin"), content);
        signature = Files.write(dir.resolve("artifact.bin.asc"), sign(rsa, artifact));
        gnupgHome = importKey("gnupg-rsa", rsa);
    }

    static byte[] sign(SigningKey key, Path file) throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FORMAT.sign(
                new SignRequest(
                        new Subject.File(file),
                        key,
                        new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(30)), TestPki.ARN, Optional.empty())),
                out);
        return out.toByteArray();
    }

    static Path importKey(String name, SigningKey key) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path keyFile = Files.writeString(dir.resolve(name + ".asc"), OpenPgpKeys.armoredPublicKey(key));
        Processes.Result imported =
                Tools.run("gpg", "--homedir", home.toString(), "--batch", "--import", keyFile.toString());
        assertThat(imported.exitCode()).as(imported.output()).isZero();
        return home;
    }

    static Processes.Result gpgVerify(Path home, Path sig, Path file) {
        return Tools.run("gpg", "--homedir", home.toString(), "--batch", "--verify", sig.toString(), file.toString());
    }

    @Test
    void aSubpacketThatDoesNotDecodeIsMalformed() throws Exception {
        // found by OpenPgpFormatFuzz: a notation name that is not UTF-8 escaped as IllegalArgumentException
        byte[] found = fuzzFinding("found-notation-name-not-utf8.asc");
        assertThatThrownBy(() -> new OpenPgpFormat().verify(new Subject.File(artifact), found))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("malformed OpenPGP signature subpacket");
    }

    @Test
    void aCertificateWhoseKeyIsNotTheSignaturesKindFailsIntegrity() throws Exception {
        // found by OpenPgpFormatFuzz: an RSA signature carrying a certificate with another kind of key
        // escaped as ClassCastException from BouncyCastle's key converter
        SignatureEvidence evidence = new OpenPgpFormat()
                .verify(new Subject.File(artifact), fuzzFinding("found-certificate-key-not-rsa.asc"));
        assertThat(evidence.intact()).isFalse();
        assertThat(evidence.integrityDetail()).contains("key algorithm is not its certificate's key");
    }

    private static byte[] fuzzFinding(String name) throws Exception {
        return Files.readAllBytes(
                Path.of("src/test/resources/dev/signet/core/format/openpgp/OpenPgpFormatFuzzInputs/verify", name));
    }

    /**
     * Chain notations are cached by their text: verifying the same signature again reports the same
     * chain, and another signer's signature, read after it, reports its own chain.
     */
    @Test
    void eachSignatureReportsTheChainItCarriesWhenChainsAreCached() throws Exception {
        byte[] first = Files.readAllBytes(signature);
        SignatureEvidence once = FORMAT.verify(new Subject.File(artifact), first);
        SignatureEvidence again = FORMAT.verify(new Subject.File(artifact), first);
        assertThat(again.intact()).isTrue();
        assertThat(again.chain()).isEqualTo(once.chain());
        assertThat(again.chain().get(0)).isEqualTo(rsa.certificate());

        SigningKey other =
                pki.signingKey(KeyAlgorithm.RSA_3072, NOW.minus(Duration.ofHours(2)), NOW.plus(Duration.ofDays(9)));
        SignatureEvidence theirs = FORMAT.verify(new Subject.File(artifact), sign(other, artifact));
        assertThat(theirs.intact()).isTrue();
        assertThat(theirs.chain().get(0)).isEqualTo(other.certificate()).isNotEqualTo(rsa.certificate());
    }

    @Test
    void gpgVerifiesWithTheImportedKey() {
        Processes.Result result = gpgVerify(gnupgHome, signature, artifact);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Good signature").contains("demo (Signet)");
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"RSA_3072", "ED25519"})
    void signetAndGpgVerifyEachKeyKind(KeyAlgorithm algorithm) throws Exception {
        SigningKey key = pki.signingKey(algorithm, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
        Path sig = Files.write(dir.resolve("kind-" + algorithm + ".asc"), sign(key, artifact));
        SignatureEvidence evidence = FORMAT.verify(new Subject.File(artifact), Files.readAllBytes(sig));
        assertThat(evidence.intact()).as(evidence.integrityDetail()).isTrue();
        assertThat(evidence.chain()).containsExactlyElementsOf(key.chain());
        assertThat(evidence.signingTime()).contains(NOW);
        Processes.Result result = gpgVerify(importKey("gnupg-" + algorithm, key), sig, artifact);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"RSA_3072", "ED25519"})
    void aKeyBackendReturningACorruptedSignatureMakesSignFail(KeyAlgorithm algorithm) throws Exception {
        SigningKey key = pki.signingKey(algorithm, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
        assertThatThrownBy(() -> sign(FlippingKeyBackend.corrupting(key), artifact))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("failed its own verification");
    }

    /** sign() checks its output without reading the file again; what it reports must be verify()'s. */
    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"RSA_3072", "ED25519"})
    void theSignersEvidenceIsWhatVerifyReports(KeyAlgorithm algorithm) throws Exception {
        SigningKey key = pki.signingKey(algorithm, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignatureEvidence signed = FORMAT.sign(
                new SignRequest(
                        new Subject.File(artifact),
                        key,
                        new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(30)), TestPki.ARN, Optional.empty())),
                out);
        SignatureEvidence verified = FORMAT.verify(new Subject.File(artifact), out.toByteArray());
        assertThat(signed.intact()).isTrue();
        assertThat(signed.signatureId()).isPresent();
        assertThat(signed.expiresAt()).contains(NOW.plus(Duration.ofDays(30)));
        EvidenceAssertions.assertSameEvidence(signed, verified);
    }

    @Test
    void anEmptyFileIsSignedAndVerifiedByBoth() throws Exception {
        Path empty = Files.write(dir.resolve("empty.bin"), new byte[0]);
        Path sig = Files.write(dir.resolve("empty.bin.asc"), sign(rsa, empty));
        assertThat(FORMAT.verify(new Subject.File(empty), Files.readAllBytes(sig))
                        .intact())
                .isTrue();
        Processes.Result result = gpgVerify(gnupgHome, sig, empty);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    /**
     * The key Signet publishes is the one gpg imported (same fingerprint, gpg's own computation), its
     * creation time is the certificate's notBefore, and exporting it again gives the same bytes: a
     * later export, on any node, names the same key.
     */
    @Test
    void thePublicKeyIsTheOneGpgImportedAndDependsOnlyOnTheCertificate() throws Exception {
        PGPPublicKey key = OpenPgpKeys.publicKey(rsa.certificate(), KeyAlgorithm.RSA_3072);
        String fingerprint = Hex.toHexString(key.getFingerprint()).toUpperCase(Locale.ROOT);
        Processes.Result listed =
                Tools.run("gpg", "--homedir", gnupgHome.toString(), "--batch", "--with-colons", "--list-keys");
        assertThat(listed.exitCode()).as(listed.output()).isZero();
        assertThat(listed.output().lines().filter(l -> l.startsWith("fpr:")))
                .containsExactly("fpr:::::::::" + fingerprint + ":");
        assertThat(listed.output().lines().filter(l -> l.startsWith("uid:")))
                .singleElement()
                .asString()
                .contains(":demo (Signet):");
        assertThat(key.getCreationTime()).isEqualTo(rsa.certificate().getNotBefore());
        String exported = OpenPgpKeys.armoredPublicKey(rsa);
        assertThat(Files.readString(dir.resolve("gnupg-rsa.asc"))).isEqualTo(exported);
    }

    @Test
    void theVerifierAcceptsItAndRecognisesIt() throws Exception {
        VerificationResult result = verifier().verify(new Subject.File(artifact), Files.readAllBytes(signature));
        assertThat(result.checks())
                .allSatisfy(c -> assertThat(c.passed()).as(c.message()).isTrue());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1000, 150_000, 299_999})
    void aFlippedArtifactByteFailsBoth(int offset) throws Exception {
        byte[] bytes = Files.readAllBytes(artifact);
        bytes[offset] ^= 0x01;
        Path tampered = Files.write(dir.resolve("tampered.bin"), bytes);
        assertThat(gpgVerify(gnupgHome, signature, tampered).exitCode()).isNotZero();
        CheckResult integrity = verifier()
                .verify(new Subject.File(tampered), Files.readAllBytes(signature))
                .checks()
                .get(0);
        assertThat(integrity.passed()).isFalse();
        assertThat(integrity.reason()).isEqualTo(ReasonCode.INTEGRITY);
    }

    /**
     * Armor header, packet header, hashed area (chain notation), signature MPI at the end, armor
     * checksum. (gpg ignores damage to the END line after the checksum, so the sample stops there.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"header", "packet", "hashed", "mpi", "crc"})
    void aFlippedSignatureByteFailsBoth(String region) throws Exception {
        String text = Files.readString(signature, StandardCharsets.US_ASCII);
        int body = text.indexOf("\n\n") + 2;
        int end = text.lastIndexOf("\n=");
        int offset = switch (region) {
            case "header" -> 12;
            case "packet" -> body + 1;
            case "hashed" -> body + 200;
            case "mpi" -> end - 10;
            case "crc" -> end + 3;
            default -> throw new IllegalArgumentException(region);
        };
        char[] chars = text.toCharArray();
        chars[offset] = chars[offset] == 'A' ? 'B' : 'A';
        Path tampered = Files.writeString(dir.resolve("tampered.asc"), new String(chars), StandardCharsets.US_ASCII);
        assertThat(gpgVerify(gnupgHome, tampered, artifact).exitCode())
                .as(region)
                .isNotZero();
        CheckResult integrity = verifier()
                .verify(new Subject.File(artifact), Files.readAllBytes(tampered))
                .checks()
                .get(0);
        assertThat(integrity.passed()).as(integrity.message()).isFalse();
        assertThat(integrity.reason()).isIn(ReasonCode.INTEGRITY, ReasonCode.MALFORMED);
    }

    @Test
    void garbageIsAFormatError() {
        for (String bad :
                List.of("", "not pgp", "-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----\n")) {
            assertThatThrownBy(() -> FORMAT.verify(new Subject.File(artifact), bad.getBytes(StandardCharsets.US_ASCII)))
                    .isInstanceOf(FormatException.class)
                    .hasMessageMatching("not an armored OpenPGP signature|malformed OpenPGP signature: .*");
        }
        assertThatThrownBy(() -> FORMAT.sign(
                        new SignRequest(
                                new Subject.Digest(dev.signet.core.crypto.HashAlgorithm.SHA256, new byte[32]),
                                rsa,
                                new SignatureMetadata(
                                        NOW, NOW.plus(Duration.ofDays(1)), TestPki.ARN, Optional.empty())),
                        new ByteArrayOutputStream()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("a finished digest cannot be signed");
    }

    private static Verifier verifier() {
        return Verifier.builder().trustedRoots(List.of(pki.root())).build();
    }
}
