package dev.signet.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignedRevocationListTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    static java.nio.file.Path dir;

    private static TestPki pki;
    private static TestPki other;
    private static List<X509Certificate> roots;
    private static RevocationList list;
    private static byte[] signed;

    @BeforeAll
    static void setUp() {
        pki = new TestPki(dir.resolve("signet"));
        other = new TestPki(dir.resolve("other"));
        roots = List.of(pki.root());
        list = RevocationSamples.list(NOW, 3);
        signed = SignedRevocationList.sign(list, pki.ca().issuingKey());
    }

    @Test
    void roundTripsThroughItsSignedForm() throws Exception {
        RevocationList read = SignedRevocationList.verify(signed, roots);
        assertThat(read).isEqualTo(list);
        assertThat(read.profileVersions().get(0).spared()).isEqualTo(RevocationSamples.SPARED);
        assertThat(read.profileVersions().get(0).spares(RevocationSamples.SPARED.get(1)))
                .isTrue();
        assertThat(read.profileVersions().get(1).spares(RevocationSamples.SPARED.get(1)))
                .isFalse();
        RevocationList empty = new RevocationList(NOW, NOW.plus(Duration.ofDays(7)), List.of(), List.of());
        byte[] emptySigned = SignedRevocationList.sign(empty, pki.ca().issuingKey());
        assertThat(SignedRevocationList.verify(emptySigned, List.of(other.root(), pki.root())))
                .isEqualTo(empty);
    }

    @Test
    void sparedIdsAreKeptSortedAndDistinctAndMustBeSignatureIds() {
        RevokedProfileVersion v = new RevokedProfileVersion(
                "arn:v",
                NOW,
                NOW,
                List.of(
                        RevocationSamples.SPARED.get(1),
                        RevocationSamples.SPARED.get(0),
                        RevocationSamples.SPARED.get(1)));
        assertThat(v.spared()).isEqualTo(RevocationSamples.SPARED);
        assertThat(new RevokedProfileVersion("arn:v", NOW, NOW).spared()).isEmpty();
        assertThatThrownBy(() -> new RevokedProfileVersion("arn:v", NOW, NOW, List.of("AB".repeat(32))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a spared signature id is 64 lower-case hex digits");
    }

    @Test
    void isACompactJwsWithTheDocumentedHeaderAndCanonicalPayload() {
        assertThat(new String(signed, StandardCharsets.US_ASCII))
                .matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{128}");
        assertThat(RevocationSamples.header(signed))
                .startsWith("{\"alg\":\"ES384\",\"typ\":\"application/vnd.signet.revocation-list+json\",\"x5c\":[\"");
        RevokedSignature first = list.signatures().get(0);
        assertThat(RevocationSamples.payload(signed))
                .startsWith("{\"version\":1,\"issuedAt\":\"" + CanonicalJson.time(NOW) + "\",\"nextUpdate\":\""
                        + CanonicalJson.time(NOW.plus(Duration.ofDays(7))) + "\",\"signatures\":[{\"signatureId\":\""
                        + first.signatureId() + "\",\"jobArn\":\"" + first.jobArn() + "\",\"revokedAt\":\"")
                .contains("\"profileVersions\":[{\"profileVersionArn\":\"" + RevocationSamples.ARN + "/AbCdEf1234\"")
                .contains("\"spared\":[\"" + RevocationSamples.SPARED.get(0) + "\",\"" + RevocationSamples.SPARED.get(1)
                        + "\"]}")
                .contains("\"spared\":[]}")
                .doesNotContain(" ", "\n");
    }

    @Test
    void keepsTimesToTheMillisecond() throws Exception {
        Instant fine = NOW.plusNanos(123_456_789);
        RevocationList l = new RevocationList(fine, fine.plus(Duration.ofDays(1)), List.of(), List.of());
        RevocationList back = SignedRevocationList.verify(
                SignedRevocationList.sign(l, pki.ca().issuingKey()), roots);
        assertThat(back.issuedAt()).isEqualTo(fine.truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void everyChangedByteIsRefused() {
        int[] positions = RevocationSamples.positions(signed.length, signed.length, 0);
        assertThat(positions).hasSize(signed.length);
        for (int position : positions) {
            for (int variant = 0; variant < 2; variant++) {
                byte[] changed = RevocationSamples.changed(signed, position, variant);
                assertThatThrownBy(() -> SignedRevocationList.verify(changed, roots))
                        .as("byte %d variant %d", position, variant)
                        .isInstanceOf(RevocationDataException.class)
                        .hasMessageStartingWith("the revocation list ");
            }
        }
    }

    @Test
    void aListSignedByAnotherCaIsRefused() {
        byte[] foreign = SignedRevocationList.sign(list, other.ca().issuingKey());
        assertThatThrownBy(() -> SignedRevocationList.verify(foreign, roots))
                .isInstanceOf(RevocationDataException.class)
                .hasMessageContaining("does not chain to a trusted root");
        assertThatThrownBy(() -> SignedRevocationList.verify(signed, List.of(other.root())))
                .isInstanceOf(RevocationDataException.class)
                .hasMessageContaining("does not chain to a trusted root");
    }

    @Test
    void aLeafSignerIsRefusedEvenUnderTheTrustedRoot() {
        SigningKey leaf =
                pki.signingKey(KeyAlgorithm.ECDSA_P384, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)));
        byte[] byLeaf = SignedRevocationList.sign(list, leaf);
        assertThatThrownBy(() -> SignedRevocationList.verify(byLeaf, roots))
                .isInstanceOf(RevocationDataException.class)
                .hasMessageContaining("not a CA certificate with the cRLSign key usage");
    }

    @Test
    void aListIssuedBeforeTheCaExistedDoesNotChain() {
        Instant early = pki.ca().issuing().getNotBefore().toInstant().minus(Duration.ofDays(1));
        byte[] backdated = SignedRevocationList.sign(
                RevocationSamples.list(early, 1), pki.ca().issuingKey());
        assertThatThrownBy(() -> SignedRevocationList.verify(backdated, roots))
                .isInstanceOf(RevocationDataException.class)
                .hasMessageContaining("does not chain");
    }

    @Test
    void refusesToSignWithAnythingButP384OrADuplicateEntry() {
        SigningKey p256 = pki.signingKey(KeyAlgorithm.ECDSA_P256, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)));
        assertThatThrownBy(() -> SignedRevocationList.sign(list, p256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("revocation data is signed with an ECDSA P-384 key (ES384)");
        RevokedSignature s = list.signatures().get(0);
        RevocationList twice = new RevocationList(NOW, NOW.plusSeconds(60), List.of(s, s), List.of());
        assertThatThrownBy(() -> SignedRevocationList.sign(twice, pki.ca().issuingKey()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is listed twice");
    }

    static Stream<Arguments> garbage() {
        byte[] random = new byte[3000];
        new Random(9).nextBytes(random);
        String text = new String(signed(), StandardCharsets.US_ASCII);
        return Stream.of(
                Arguments.of("empty", new byte[0], "is empty"),
                Arguments.of("random bytes", random, "not a JWS"),
                Arguments.of("text", "hello".getBytes(StandardCharsets.US_ASCII), "three parts"),
                Arguments.of("dots", "..".getBytes(StandardCharsets.US_ASCII), "base64url"),
                Arguments.of("four parts", (text + ".AAAA").getBytes(StandardCharsets.US_ASCII), "three parts"),
                Arguments.of("padded", (text + "=").getBytes(StandardCharsets.US_ASCII), "not a JWS"),
                Arguments.of("trailing newline", (text + "\n").getBytes(StandardCharsets.US_ASCII), "not a JWS"),
                Arguments.of("truncated by one", Arrays.copyOf(signed(), signed().length - 1), ""),
                Arguments.of("truncated by half", Arrays.copyOf(signed(), signed().length / 2), ""),
                Arguments.of("oversize", new byte[SignedRevocationList.MAX_BYTES + 1], "larger than"),
                Arguments.of(
                        "signature of another document",
                        (text.substring(0, text.lastIndexOf('.') + 1) + "A".repeat(128))
                                .getBytes(StandardCharsets.US_ASCII),
                        "does not verify"));
    }

    private static byte[] signed() {
        return signed;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    void malformedInputIsRefusedWithAOneLineReason(String name, byte[] input, String reason) {
        assertThatThrownBy(() -> SignedRevocationList.verify(input, roots))
                .isInstanceOf(RevocationDataException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    static Stream<Arguments> tamperedPayloads() {
        String good = RevocationSamples.payload(signed());
        String t = CanonicalJson.time(NOW);
        String later = CanonicalJson.time(NOW.plusSeconds(60));
        String entry =
                "{\"signatureId\":\"" + "a".repeat(64) + "\",\"jobArn\":\"arn:job\",\"revokedAt\":\"" + t + "\"}";
        String head = "{\"version\":1,\"issuedAt\":\"" + t + "\",\"nextUpdate\":\"" + later + "\",";
        java.util.function.Function<String, String> version =
                ids -> "{\"profileVersionArn\":\"arn:v\",\"effectiveFrom\":\"" + t + "\",\"revokedAt\":\"" + t
                        + "\",\"spared\":[" + ids + "]}";
        return Stream.of(
                Arguments.of(
                        "unknown member",
                        good.replace("{\"version\":1,", "{\"version\":1,\"extra\":0,"),
                        "unknown member"),
                Arguments.of(
                        "duplicate member",
                        good.replace("{\"version\":1,", "{\"version\":1,\"version\":1,"),
                        "Duplicate"),
                Arguments.of("missing member", head + "\"signatures\":[]}", "lacks the member \"profileVersions\""),
                Arguments.of("spaces", good.replace(",", ", "), "canonical form"),
                Arguments.of(
                        "member order",
                        "{\"issuedAt\":\"" + t + "\",\"version\":1,\"nextUpdate\":\"" + later
                                + "\",\"signatures\":[],\"profileVersions\":[]}",
                        "canonical form"),
                Arguments.of("version 2", good.replace("{\"version\":1,", "{\"version\":2,"), "version"),
                Arguments.of(
                        "time without milliseconds",
                        good.replace(t, NOW.truncatedTo(ChronoUnit.SECONDS).toString()),
                        "milliseconds"),
                Arguments.of(
                        "next update before issue",
                        "{\"version\":1,\"issuedAt\":\"" + later + "\",\"nextUpdate\":\"" + t
                                + "\",\"signatures\":[],\"profileVersions\":[]}",
                        "nextUpdate"),
                Arguments.of(
                        "upper-case id",
                        head + "\"signatures\":[" + entry.replace("a".repeat(64), "A".repeat(64))
                                + "],\"profileVersions\":[]}",
                        "signatureId"),
                Arguments.of(
                        "listed twice",
                        head + "\"signatures\":[" + entry + "," + entry + "],\"profileVersions\":[]}",
                        "twice"),
                Arguments.of(
                        "entry with unknown member",
                        head + "\"signatures\":[" + entry.replace("{", "{\"x\":1,") + "],\"profileVersions\":[]}",
                        "unknown member"),
                Arguments.of(
                        "number for string",
                        head + "\"signatures\":[" + entry.replace("\"arn:job\"", "7") + "],\"profileVersions\":[]}",
                        "jobArn"),
                Arguments.of(
                        "spared ids unsorted",
                        head + "\"signatures\":[],\"profileVersions\":["
                                + version.apply("\"" + "b".repeat(64) + "\",\"" + "a".repeat(64) + "\"") + "]}",
                        "canonical form"),
                Arguments.of(
                        "spared id twice",
                        head + "\"signatures\":[],\"profileVersions\":["
                                + version.apply("\"" + "a".repeat(64) + "\",\"" + "a".repeat(64) + "\"") + "]}",
                        "canonical form"),
                Arguments.of(
                        "spared id upper-case",
                        head + "\"signatures\":[],\"profileVersions\":[" + version.apply("\"" + "A".repeat(64) + "\"")
                                + "]}",
                        "spared"),
                Arguments.of(
                        "spared id short",
                        head + "\"signatures\":[],\"profileVersions\":[" + version.apply("\"" + "a".repeat(63) + "\"")
                                + "]}",
                        "spared"),
                Arguments.of(
                        "spared id a number",
                        head + "\"signatures\":[],\"profileVersions\":[" + version.apply("7") + "]}",
                        "spared"),
                Arguments.of(
                        "spared not an array",
                        head + "\"signatures\":[],\"profileVersions\":["
                                + version.apply("").replace("[]", "\"" + "a".repeat(64) + "\"") + "]}",
                        "spared is not an array"),
                Arguments.of(
                        "spared missing",
                        head + "\"signatures\":[],\"profileVersions\":["
                                + version.apply("").replace(",\"spared\":[]", "") + "]}",
                        "lacks the member \"spared\""),
                Arguments.of("not an object", "[1,2,3]", "not a JSON object"),
                Arguments.of("trailing data", good + "{}", "strict JSON"),
                Arguments.of("deep nesting", "[".repeat(5000), "strict JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperedPayloads")
    void aValidlySignedPayloadThatIsNotTheCanonicalListIsRefused(String name, String payload, String reason) {
        byte[] jws = RevocationSamples.jws(
                RevocationSamples.header(signed), payload, pki.ca().issuingKey());
        assertThatThrownBy(() -> SignedRevocationList.verify(jws, roots))
                .isInstanceOf(RevocationDataException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    static Stream<Arguments> tamperedHeaders() {
        String good = RevocationSamples.header(signed());
        return Stream.of(
                Arguments.of("ES256", good.replace("ES384", "ES256"), "not ES384"),
                Arguments.of("none", good.replace("ES384", "none"), "not ES384"),
                Arguments.of("trust bundle type", good.replace("revocation-list", "trust-bundle"), "typ"),
                Arguments.of("extra member", good.replace("{\"alg\"", "{\"kid\":\"x\",\"alg\""), "unknown member"),
                Arguments.of(
                        "duplicate alg",
                        good.replace("{\"alg\":\"ES384\"", "{\"alg\":\"ES384\",\"alg\":\"ES384\""),
                        "Duplicate"),
                Arguments.of("spaces", good.replace(",", ", "), "canonical form"),
                Arguments.of(
                        "no x5c",
                        "{\"alg\":\"ES384\",\"typ\":\"" + SignedRevocationList.TYPE + "\",\"x5c\":[]}",
                        "x5c is empty"),
                Arguments.of("x5c not base64", good.replaceFirst("\\[\"", "[\"%"), "base64"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperedHeaders")
    void aValidlySignedHeaderThatIsNotTheDocumentedOneIsRefused(String name, String header, String reason) {
        byte[] jws = RevocationSamples.jws(
                header, RevocationSamples.payload(signed), pki.ca().issuingKey());
        assertThatThrownBy(() -> SignedRevocationList.verify(jws, roots))
                .isInstanceOf(RevocationDataException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void oneSignatureMayBeRevokedUnderSeveralJobs() throws Exception {
        RevokedSignature s = list.signatures().get(0);
        RevokedSignature sameBytesOtherJob = new RevokedSignature(s.signatureId(), s.jobArn() + "-again", NOW);
        RevocationList twice = new RevocationList(NOW, NOW.plusSeconds(60), List.of(s, sameBytesOtherJob), List.of());
        assertThat(SignedRevocationList.verify(
                        SignedRevocationList.sign(twice, pki.ca().issuingKey()), roots))
                .isEqualTo(twice);
    }

    @Test
    void handlesAFewThousandEntries() throws Exception {
        RevocationList big = RevocationSamples.list(NOW, 5_000);
        byte[] bigSigned = SignedRevocationList.sign(big, pki.ca().issuingKey());
        assertThat(SignedRevocationList.verify(bigSigned, roots)).isEqualTo(big);
    }
}
