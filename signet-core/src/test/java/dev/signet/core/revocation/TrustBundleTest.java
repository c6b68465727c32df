package dev.signet.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrustBundleTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final String FINGERPRINT = "0f".repeat(32);
    private static final String SECOND = "1e".repeat(32);

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static TestPki other;
    private static TrustBundle bundle;
    private static byte[] file;

    @BeforeAll
    static void setUp() {
        pki = new TestPki(dir.resolve("signet"));
        other = new TestPki(dir.resolve("other"));
        bundle = bundle(SignedRevocationList.sign(
                RevocationSamples.list(NOW, 2), pki.ca().issuingKey()));
        file = bundle.encode(pki.ca().issuingKey());
    }

    /** The Signet root, and two certificates imported under another root, with the given signed list. */
    private static TrustBundle bundle(byte[] signedList) {
        try {
            return new TrustBundle(
                    List.of(pki.root()),
                    pki.tsa().chain(),
                    SignedRevocationList.verify(signedList, List.of(pki.root(), other.root())),
                    signedList,
                    List.of(
                            new ImportedAnchor(SECOND, Set.of(RevocationSamples.ARN + "/C3"), List.of(other.root())),
                            new ImportedAnchor(
                                    FINGERPRINT,
                                    Set.of(RevocationSamples.ARN + "/B2", RevocationSamples.ARN + "/A1"),
                                    List.of(other.root()))),
                    NOW);
        } catch (RevocationDataException e) {
            throw new AssertionError(e);
        }
    }

    private static String base64(X509Certificate c) {
        try {
            return Base64.getEncoder().encodeToString(c.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void roundTripsThroughItsFile() throws Exception {
        TrustBundle parsed = TrustBundle.parse(file);
        assertThat(parsed.roots()).isEqualTo(bundle.roots());
        assertThat(parsed.timestampChain()).isEqualTo(pki.tsa().chain());
        assertThat(parsed.revocationList()).isEqualTo(bundle.revocationList());
        assertThat(parsed.signedRevocationList()).isEqualTo(bundle.signedRevocationList());
        assertThat(parsed.importedCertificates()).containsExactlyInAnyOrderElementsOf(bundle.importedCertificates());
        assertThat(parsed.createdAt()).isEqualTo(NOW);
        assertThat(parsed.encode(pki.ca().issuingKey())).hasSameSizeAs(file);
    }

    @Test
    void isACompactJwsOfVersion2WithSortedImportedCertificatesAndTheListVerbatim() {
        assertThat(RevocationSamples.header(file))
                .startsWith("{\"alg\":\"ES384\",\"typ\":\"application/vnd.signet.trust-bundle+json\",\"x5c\":[\"");
        String payload = RevocationSamples.payload(file);
        String otherRoot = ImportedAnchor.fingerprint(other.root());
        List<X509Certificate> tsa = pki.tsa().chain();
        assertThat(payload)
                .isEqualTo("{\"version\":2,\"createdAt\":\"" + CanonicalJson.time(NOW) + "\",\"roots\":[\""
                        + base64(pki.root()) + "\"],\"timestampChain\":[\"" + base64(tsa.get(0))
                        + "\",\"" + base64(tsa.get(1)) + "\",\"" + base64(tsa.get(2))
                        + "\"],\"revocationList\":\""
                        + new String(bundle.signedRevocationList(), StandardCharsets.US_ASCII)
                        + "\",\"importedRoots\":[\"" + base64(other.root())
                        + "\"],\"importedCertificates\":[{\"certificateSha256\":\"" + FINGERPRINT
                        + "\",\"rootsSha256\":[\"" + otherRoot + "\"],\"profileVersionArns\":[\""
                        + RevocationSamples.ARN + "/A1\",\"" + RevocationSamples.ARN
                        + "/B2\"]},{\"certificateSha256\":\""
                        + SECOND + "\",\"rootsSha256\":[\"" + otherRoot + "\"],\"profileVersionArns\":[\""
                        + RevocationSamples.ARN + "/C3\"]}]}");
    }

    @Test
    void aVersion1BundleIsReadWithItsImportedRootsTrustedOnlyForItsBoundCertificates() throws Exception {
        byte[] signedList = SignedRevocationList.sign(
                RevocationSamples.list(NOW, 1), pki.ca().issuingKey());
        byte[] payload = TrustBundleJson.encodeV1(
                NOW,
                List.of(pki.root(), other.root()),
                pki.tsa().chain(),
                signedList,
                Map.of(FINGERPRINT, Set.of(RevocationSamples.ARN + "/A1")));
        assertThat(new String(payload, StandardCharsets.UTF_8))
                .startsWith("{\"version\":1,")
                .contains("\"certificateBindings\":[{\"certificateSha256\":\"" + FINGERPRINT);
        byte[] v1 = SignedDocument.sign(TrustBundle.TYPE, payload, pki.ca().issuingKey());

        TrustBundle parsed = TrustBundle.parse(v1);

        assertThat(parsed.roots()).containsExactly(pki.root());
        assertThat(parsed.importedCertificates())
                .containsExactly(
                        new ImportedAnchor(FINGERPRINT, Set.of(RevocationSamples.ARN + "/A1"), List.of(other.root())));
        assertThat(parsed.revocationList().signatures()).hasSize(1);
        // written again, it is a version 2 bundle with the same trust
        TrustBundle again = TrustBundle.parse(parsed.encode(pki.ca().issuingKey()));
        assertThat(again.roots()).isEqualTo(parsed.roots());
        assertThat(again.importedCertificates()).isEqualTo(parsed.importedCertificates());
    }

    @Test
    void anotherVersionIsRefused() {
        String v3 = RevocationSamples.payload(file).replace("{\"version\":2,", "{\"version\":3,");
        byte[] jws = RevocationSamples.jws(
                RevocationSamples.header(file), v3, pki.ca().issuingKey());
        assertThatThrownBy(() -> TrustBundle.parse(jws))
                .isInstanceOf(RevocationDataException.class)
                .hasMessageContaining("has version 3; this Signet reads versions 1 and 2");
    }

    @Test
    void everyChangedByteIsRefused() {
        int[] positions = RevocationSamples.positions(file.length, 2048, 500);
        assertThat(file.length).isGreaterThan(4096);
        for (int position : positions) {
            byte[] changed = RevocationSamples.changed(file, position, position % 2);
            assertThatThrownBy(() -> TrustBundle.parse(changed))
                    .as("byte %d", position)
                    .isInstanceOf(RevocationDataException.class)
                    .hasMessageStartingWith("the trust bundle ");
        }
    }

    @Test
    void aBundleSignedUnderAnotherRootThanItsFirstIsRefused() {
        byte[] byOther = bundle.encode(other.ca().issuingKey());
        assertThatThrownBy(() -> TrustBundle.parse(byOther))
                .isInstanceOf(RevocationDataException.class)
                .hasMessageContaining("the trust bundle is signed by")
                .hasMessageContaining("does not chain");
    }

    @Test
    void anEmbeddedListSignedUnderNoneOfItsRootsIsRefused() throws Exception {
        TestPki stranger = new TestPki(dir.resolve("stranger"));
        byte[] foreignList = SignedRevocationList.sign(
                RevocationSamples.list(NOW, 1), stranger.ca().issuingKey());
        TrustBundle withForeignList = new TrustBundle(
                List.of(pki.root()),
                List.of(),
                SignedRevocationList.verify(foreignList, List.of(stranger.root())),
                foreignList,
                List.of(),
                NOW);
        byte[] encoded = withForeignList.encode(pki.ca().issuingKey());
        assertThatThrownBy(() -> TrustBundle.parse(encoded))
                .isInstanceOf(RevocationDataException.class)
                .hasMessageStartingWith("the trust bundle's revocation list: ");
    }

    @Test
    void aListSignedUnderAnImportedRootIsRefused() {
        byte[] listByOther = SignedRevocationList.sign(
                RevocationSamples.list(NOW, 1), other.ca().issuingKey());
        byte[] encoded = bundle(listByOther).encode(pki.ca().issuingKey());
        assertThatThrownBy(() -> TrustBundle.parse(encoded))
                .isInstanceOf(RevocationDataException.class)
                .hasMessageStartingWith("the trust bundle's revocation list: ");
    }

    @Test
    void anImportedCertificateIsListedOnce() {
        ImportedAnchor a = new ImportedAnchor(FINGERPRINT, Set.of(RevocationSamples.ARN + "/A1"), List.of());
        assertThatThrownBy(() -> new TrustBundle(
                        List.of(pki.root()),
                        List.of(),
                        bundle.revocationList(),
                        bundle.signedRevocationList(),
                        List.of(a, a),
                        NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("once");
    }

    @Test
    void aLeafSignerIsRefused() {
        SigningKey leaf = pki.signingKey(KeyAlgorithm.ECDSA_P384, NOW.minusSeconds(600), NOW.plus(Duration.ofDays(1)));
        byte[] byLeaf = bundle.encode(leaf);
        assertThatThrownBy(() -> TrustBundle.parse(byLeaf))
                .isInstanceOf(RevocationDataException.class)
                .hasMessageContaining("cRLSign");
    }

    @Test
    void aSignedRevocationListIsNotABundleNorTheOtherWayRound() {
        assertThatThrownBy(() -> TrustBundle.parse(bundle.signedRevocationList()))
                .isInstanceOf(RevocationDataException.class)
                .hasMessageContaining("typ");
        assertThatThrownBy(() -> SignedRevocationList.verify(file, List.of(pki.root())))
                .isInstanceOf(RevocationDataException.class)
                .hasMessageContaining("typ");
    }

    static Stream<Arguments> garbage() {
        byte[] random = new byte[10_000];
        new Random(4).nextBytes(random);
        return Stream.of(
                Arguments.of("empty", new byte[0]),
                Arguments.of("random", random),
                Arguments.of(
                        "pem",
                        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
                                .getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("json", "{\"roots\":[]}".getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("truncated", Arrays.copyOf(file(), file().length - 10)),
                Arguments.of("half", Arrays.copyOf(file(), file().length / 2)),
                Arguments.of(
                        "doubled",
                        (new String(file(), StandardCharsets.US_ASCII) + new String(file(), StandardCharsets.US_ASCII))
                                .getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("oversize", new byte[TrustBundle.MAX_BYTES + 1]));
    }

    private static byte[] file() {
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    void garbageIsRefusedWithAOneLineReason(String name, byte[] input) {
        assertThatThrownBy(() -> TrustBundle.parse(input))
                .isInstanceOf(RevocationDataException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    static Stream<Arguments> tamperedPayloads() {
        String good = RevocationSamples.payload(file());
        return Stream.of(
                Arguments.of(
                        "unknown member",
                        good.replace("{\"version\":2,", "{\"version\":2,\"x\":true,"),
                        "unknown member"),
                Arguments.of(
                        "duplicate member",
                        good.replace("{\"version\":2,", "{\"version\":2,\"version\":2,"),
                        "Duplicate"),
                Arguments.of(
                        "version 1 members under version 2",
                        good.replaceFirst(",\"importedRoots\".*", ",\"certificateBindings\":[]}"),
                        "unknown member"),
                Arguments.of(
                        "an unused imported root",
                        good.replace("\"importedRoots\":[\"", "\"importedRoots\":[\"" + base64(pki.root()) + "\",\""),
                        "canonical"),
                Arguments.of(
                        "a root fingerprint not among the imported roots",
                        good.replaceFirst(
                                "\"rootsSha256\":\\[\"[0-9a-f]{64}\"", "\"rootsSha256\":[\"" + "ab".repeat(32) + "\""),
                        "names a root not in importedRoots"),
                Arguments.of(
                        "an imported certificate twice",
                        good.replace("\"" + SECOND + "\"", "\"" + FINGERPRINT + "\""),
                        "malformed"),
                Arguments.of(
                        "no roots", good.replaceFirst("\"roots\":\\[[^\\]]*\\]", "\"roots\":[]"), "roots is empty"),
                Arguments.of(
                        "unsorted bindings",
                        good.replace("\"" + FINGERPRINT + "\"", "\"" + "ff".repeat(32) + "\""),
                        "canonical"),
                Arguments.of(
                        "upper-case fingerprint",
                        good.replace(FINGERPRINT, FINGERPRINT.toUpperCase()),
                        "certificateSha256"),
                Arguments.of("spaces", good.replace("\",\"", "\", \""), "canonical"),
                Arguments.of(
                        "list not a string",
                        good.replaceFirst("\"revocationList\":\"[^\"]*\"", "\"revocationList\":1"),
                        "revocationList"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperedPayloads")
    void aValidlySignedPayloadThatIsNotTheCanonicalBundleIsRefused(String name, String payload, String reason) {
        byte[] jws = RevocationSamples.jws(
                RevocationSamples.header(file), payload, pki.ca().issuingKey());
        assertThatThrownBy(() -> TrustBundle.parse(jws))
                .isInstanceOf(RevocationDataException.class)
                .hasMessageContaining(reason);
    }
}
