package dev.signet.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
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

    /** The Signet root first, then an imported chain's root, with the given signed list. */
    private static TrustBundle bundle(byte[] signedList) {
        try {
            return new TrustBundle(
                    List.of(pki.root(), other.root()),
                    pki.tsa().chain(),
                    SignedRevocationList.verify(signedList, List.of(pki.root(), other.root())),
                    signedList,
                    Map.of(
                            FINGERPRINT,
                            Set.of(RevocationSamples.ARN + "/B2", RevocationSamples.ARN + "/A1"),
                            "1e".repeat(32),
                            Set.of(RevocationSamples.ARN + "/C3")),
                    NOW);
        } catch (RevocationDataException e) {
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
        assertThat(parsed.certificateBindings()).isEqualTo(bundle.certificateBindings());
        assertThat(parsed.createdAt()).isEqualTo(NOW);
        assertThat(parsed.encode(pki.ca().issuingKey())).hasSameSizeAs(file);
    }

    @Test
    void isACompactJwsWithSortedBindingsAndTheListVerbatim() {
        assertThat(RevocationSamples.header(file))
                .startsWith("{\"alg\":\"ES384\",\"typ\":\"application/vnd.signet.trust-bundle+json\",\"x5c\":[\"");
        String payload = RevocationSamples.payload(file);
        assertThat(payload)
                .startsWith("{\"version\":1,\"createdAt\":\"" + CanonicalJson.time(NOW) + "\",\"roots\":[\"")
                .contains(",\"revocationList\":\""
                        + new String(bundle.signedRevocationList(), StandardCharsets.US_ASCII)
                        + "\",\"certificateBindings\":[{\"certificateSha256\":\"" + FINGERPRINT
                        + "\",\"profileVersionArns\":[\"" + RevocationSamples.ARN + "/A1\",\"" + RevocationSamples.ARN
                        + "/B2\"]},{\"certificateSha256\":\"" + "1e".repeat(32) + "\"");
    }

    @Test
    void everyChangedByteIsRefused() {
        int[] positions = RevocationSamples.positions(file.length, 2048, 500);
        assertThat(file.length).isGreaterThan(4096);
        for (int position : positions) {
            byte[] changed = RevocationSamples.changed(file, position, position % 2);
            assertThatThrownBy(() -> TrustBundle.parse(changed))
                    .as("byte %d", position)
                    .isInstanceOf(RevocationDataException.class);
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
                Map.of(),
                NOW);
        byte[] encoded = withForeignList.encode(pki.ca().issuingKey());
        assertThatThrownBy(() -> TrustBundle.parse(encoded))
                .isInstanceOf(RevocationDataException.class)
                .hasMessageStartingWith("the trust bundle's revocation list: ");
    }

    @Test
    void aListSignedUnderTheImportedRootIsAcceptedBecauseItIsOneOfTheRoots() throws Exception {
        byte[] listByOther = SignedRevocationList.sign(
                RevocationSamples.list(NOW, 1), other.ca().issuingKey());
        TrustBundle parsed =
                TrustBundle.parse(bundle(listByOther).encode(pki.ca().issuingKey()));
        assertThat(parsed.revocationList().signatures()).hasSize(1);
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
                        good.replace("{\"version\":1,", "{\"version\":1,\"x\":true,"),
                        "unknown member"),
                Arguments.of(
                        "duplicate member",
                        good.replace("{\"version\":1,", "{\"version\":1,\"version\":1,"),
                        "Duplicate"),
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
