package dev.signet.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.authenticode.AuthenticodeFormat;
import dev.signet.core.format.authenticode.TestPe;
import dev.signet.core.format.cms.CmsDetachedFormat;
import dev.signet.core.format.freertos.FreeRtosFormat;
import dev.signet.core.format.freertos.IotDetachedFormat;
import dev.signet.core.format.freertos.TiCc3220sfFormat;
import dev.signet.core.format.jar.JarFormat;
import dev.signet.core.format.jar.TestJars;
import dev.signet.core.format.lambdazip.LambdaZipFormat;
import dev.signet.core.format.lambdazip.TestZips;
import dev.signet.core.format.notation.NotationJwsFormat;
import dev.signet.core.format.openpgp.OpenPgpFormat;
import dev.signet.core.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every format names its signature value in its evidence, the same way when it signs (its
 * self-check) and when it verifies later, so the signature id Signet records at signing is the one
 * a verifier computes; and every format that binds an expiry reports it.
 */
class SignatureIdentityTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final String NOTARY_PAYLOAD =
            "{\"targetArtifact\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"digest\":\"sha256:" + "ab".repeat(32) + "\",\"size\":528}}";
    private static final AtomicInteger FILES = new AtomicInteger();

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static final Map<KeyAlgorithm, SigningKey> KEYS = new EnumMap<>(KeyAlgorithm.class);

    /** How two signatures of the same input by the same key relate. */
    enum Variation {
        /** ECDSA: every signature differs, even at the same signing time. */
        RANDOMIZED,
        /** Deterministic signature over a signed signing time: differs exactly when the time does. */
        TIME_BOUND,
        /** Deterministic and without a signed time: the same input gives the same signature. */
        UNBOUND
    }

    /** Makes the subject to sign (written under a fresh name in {@code dir}). */
    interface Input {
        Subject make(Path file) throws IOException;
    }

    record Case(
            String name,
            SignatureFormat format,
            KeyAlgorithm key,
            Input input,
            boolean embedded,
            Variation variation,
            Optional<ChronoUnit> expiryPrecision) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        Input file = f -> new Subject.File(Files.write(f, random(40_000)));
        Input jar = f -> new Subject.File(TestJars.write(f));
        Input pe = f -> new Subject.File(Files.write(f, TestPe.build()));
        Input zip = f -> new Subject.File(Files.write(f, TestZips.function(11)));
        Input notary = f -> new Subject.Payload(
                "application/vnd.cncf.notary.payload.v1+json", NOTARY_PAYLOAD.getBytes(StandardCharsets.UTF_8));
        Optional<ChronoUnit> none = Optional.empty();
        return Stream.of(
                new Case(
                        "cms ecdsa",
                        new CmsDetachedFormat(),
                        KeyAlgorithm.ECDSA_P256,
                        file,
                        false,
                        Variation.RANDOMIZED,
                        none),
                new Case(
                        "cms rsa",
                        new CmsDetachedFormat(),
                        KeyAlgorithm.RSA_2048,
                        file,
                        false,
                        Variation.TIME_BOUND,
                        none),
                new Case("jar", new JarFormat(), KeyAlgorithm.ECDSA_P256, jar, true, Variation.RANDOMIZED, none),
                new Case(
                        "authenticode rsa",
                        new AuthenticodeFormat(),
                        KeyAlgorithm.RSA_3072,
                        pe,
                        true,
                        Variation.UNBOUND,
                        none),
                new Case(
                        "lambda-zip",
                        new LambdaZipFormat(),
                        KeyAlgorithm.ECDSA_P384,
                        zip,
                        true,
                        Variation.RANDOMIZED,
                        Optional.of(ChronoUnit.MILLIS)),
                new Case(
                        "notation-jws",
                        new NotationJwsFormat(),
                        KeyAlgorithm.ECDSA_P384,
                        notary,
                        false,
                        Variation.RANDOMIZED,
                        Optional.of(ChronoUnit.SECONDS)),
                new Case(
                        "openpgp rsa",
                        new OpenPgpFormat(),
                        KeyAlgorithm.RSA_3072,
                        file,
                        false,
                        Variation.TIME_BOUND,
                        Optional.of(ChronoUnit.SECONDS)),
                new Case(
                        "openpgp ed25519",
                        new OpenPgpFormat(),
                        KeyAlgorithm.ED25519,
                        file,
                        false,
                        Variation.TIME_BOUND,
                        Optional.of(ChronoUnit.SECONDS)),
                new Case(
                        "freertos ecdsa",
                        new FreeRtosFormat(),
                        KeyAlgorithm.ECDSA_P256,
                        file,
                        true,
                        Variation.RANDOMIZED,
                        none),
                new Case(
                        "freertos rsa",
                        new FreeRtosFormat(),
                        KeyAlgorithm.RSA_2048,
                        file,
                        true,
                        Variation.UNBOUND,
                        none),
                new Case(
                        "iot detached",
                        new IotDetachedFormat(),
                        KeyAlgorithm.ECDSA_P256,
                        file,
                        false,
                        Variation.RANDOMIZED,
                        none),
                new Case(
                        "ti cc3220sf",
                        new TiCc3220sfFormat(),
                        KeyAlgorithm.RSA_2048,
                        file,
                        true,
                        Variation.UNBOUND,
                        none));
    }

    @BeforeAll
    static void setUp() {
        pki = new TestPki(dir.resolve("pki"));
        for (KeyAlgorithm a : new KeyAlgorithm[] {
            KeyAlgorithm.ECDSA_P256,
            KeyAlgorithm.ECDSA_P384,
            KeyAlgorithm.RSA_2048,
            KeyAlgorithm.RSA_3072,
            KeyAlgorithm.ED25519
        }) {
            KEYS.put(a, pki.signingKey(a, NOW.minus(Duration.ofHours(2)), NOW.plus(Duration.ofDays(30))));
        }
    }

    /** A signature and the evidence its format returned when it made it. */
    record Signed(SignatureEvidence self, byte[] output, Subject subject) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void signAndLaterVerifyNameTheSameSignature(Case c) throws Exception {
        Subject subject = c.input().make(fresh());
        Signed signed = sign(c, subject, metadata(NOW));

        SignatureEvidence later = verify(c, signed);

        assertThat(signed.self().intact()).isTrue();
        assertThat(later.intact()).as(later.integrityDetail()).isTrue();
        assertThat(signed.self().signatureValue()).isNotEmpty();
        assertThat(signed.self().signatureId())
                .isPresent()
                .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{64}"));
        assertThat(later.signatureId()).isEqualTo(signed.self().signatureId());
        assertThat(later.signatureValue()).isEqualTo(signed.self().signatureValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void twoSignaturesOfOneInputHaveIdsAsTheAlgorithmAllows(Case c) throws Exception {
        Subject subject = c.input().make(fresh());
        String first = id(sign(c, subject, metadata(NOW)));
        String sameTime = id(sign(c, subject, metadata(NOW)));
        String later = id(sign(c, subject, metadata(NOW.plusSeconds(60))));

        switch (c.variation()) {
            case RANDOMIZED -> {
                assertThat(sameTime).isNotEqualTo(first);
                assertThat(later).isNotEqualTo(first).isNotEqualTo(sameTime);
            }
            case TIME_BOUND -> {
                assertThat(sameTime).isEqualTo(first);
                assertThat(later).isNotEqualTo(first);
            }
            case UNBOUND -> assertThat(later).isEqualTo(first).isEqualTo(sameTime);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void expiryIsReportedWhereTheFormatBindsIt(Case c) throws Exception {
        Instant signingTime = NOW.plusMillis(250);
        SignatureMetadata metadata = new SignatureMetadata(
                signingTime, signingTime.plus(Duration.ofDays(7)).plusMillis(123), TestPki.ARN, Optional.empty());
        Signed signed = sign(c, c.input().make(fresh()), metadata);
        SignatureEvidence later = verify(c, signed);

        Optional<Instant> expected =
                c.expiryPrecision().map(unit -> metadata.expiresAt().truncatedTo(unit));
        assertThat(signed.self().expiresAt()).isEqualTo(expected);
        assertThat(later.expiresAt()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aFormatProvesItsSigningTimeExactlyWhenItSaysSo(Case c) throws Exception {
        Signed signed = sign(c, c.input().make(fresh()), metadata(NOW));
        SignatureEvidence later = verify(c, signed);

        boolean proves = later.signingTime().isPresent() || later.timestamp().isPresent();
        assertThat(proves)
                .as("%s signing time or time-stamp in its evidence", later.formatId())
                .isEqualTo(c.format().provesSigningTime());
    }

    static Stream<Case> ecdsaCases() {
        return cases().filter(c -> c.key() == KeyAlgorithm.ECDSA_P256 || c.key() == KeyAlgorithm.ECDSA_P384);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ecdsaCases")
    void anEcdsaSignatureTurnedIntoItsTwinStillVerifiesAndKeepsItsId(Case c) throws Exception {
        Signed signed = sign(c, c.input().make(fresh()), metadata(NOW));
        ECPublicKey key = (ECPublicKey) KEYS.get(c.key()).certificate().getPublicKey();
        BigInteger n = key.getParams().getOrder();
        byte[] malleated = switch (c.format().id()) {
            case "cms-detached" -> Malleations.flipCms(signed.output(), n);
            case "jar" -> Malleations.flipJar(signed.output(), "META-INF/SIGNET.EC", n);
            case "lambda-zip" ->
                Malleations.flipInStoredEntry(
                        signed.output(), "META-INF/signet.sig", signed.self().signatureValue(), key);
            default -> Malleations.flipCarried(signed.output(), signed.self().signatureValue(), key);
        };
        assertThat(malleated).isNotEqualTo(signed.output());

        SignatureEvidence twin = verify(c, new Signed(signed.self(), malleated, signed.subject()));

        assertThat(twin.intact()).as(twin.integrityDetail()).isTrue();
        assertThat(twin.signatureId()).isEqualTo(signed.self().signatureId());
        assertCanonicalLowS(twin.signatureValue(), n);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theSignatureValueIsCanonical(Case c) throws Exception {
        Signed signed = sign(c, c.input().make(fresh()), metadata(NOW));
        byte[] value = signed.self().signatureValue();
        java.security.PublicKey key = KEYS.get(c.key()).certificate().getPublicKey();
        if (key instanceof ECPublicKey ec) {
            assertCanonicalLowS(value, ec.getParams().getOrder());
        } else if (key instanceof RSAPublicKey rsa && !c.format().id().equals("openpgp")) {
            assertThat(value).hasSize((rsa.getModulus().bitLength() + 7) / 8);
        }
    }

    static Stream<Case> openPgpCases() {
        return cases().filter(c -> c.format().id().equals("openpgp"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("openPgpCases")
    void changingOpenPgpUnhashedSubpacketsKeepsTheId(Case c) throws Exception {
        Signed signed = sign(c, c.input().make(fresh()), metadata(NOW));
        // an unhashed notation subpacket (type 20) the key does not sign
        byte[] notation = {0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'x', 'y'};
        byte[] subpackets = new byte[2 + notation.length];
        subpackets[0] = (byte) (1 + notation.length);
        subpackets[1] = 20;
        System.arraycopy(notation, 0, subpackets, 2, notation.length);
        byte[] changed = OpenPgpPackets.withUnhashed(signed.output(), subpackets);
        assertThat(changed).isNotEqualTo(signed.output());

        SignatureEvidence later = verify(c, new Signed(signed.self(), changed, signed.subject()));

        assertThat(later.intact()).as(later.integrityDetail()).isTrue();
        assertThat(later.signatureId()).isEqualTo(signed.self().signatureId());
    }

    private static void assertCanonicalLowS(byte[] der, BigInteger n) throws IOException {
        org.bouncycastle.asn1.ASN1Sequence seq = org.bouncycastle.asn1.ASN1Sequence.getInstance(der);
        BigInteger s = org.bouncycastle.asn1.ASN1Integer.getInstance(seq.getObjectAt(1))
                .getValue();
        assertThat(s.compareTo(n.shiftRight(1))).isLessThanOrEqualTo(0);
        assertThat(seq.getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER)).isEqualTo(der);
    }

    private static SignatureMetadata metadata(Instant signingTime) {
        return new SignatureMetadata(signingTime, signingTime.plus(Duration.ofDays(7)), TestPki.ARN, Optional.empty());
    }

    private static Signed sign(Case c, Subject subject, SignatureMetadata metadata) throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignatureEvidence self = c.format().sign(new SignRequest(subject, KEYS.get(c.key()), metadata), out);
        return new Signed(self, out.toByteArray(), subject);
    }

    private static SignatureEvidence verify(Case c, Signed signed) throws Exception {
        if (c.embedded()) {
            Path written = Files.write(fresh(), signed.output());
            return c.format().verify(new Subject.File(written), new byte[0]);
        }
        return c.format().verify(signed.subject(), signed.output());
    }

    private static String id(Signed signed) {
        return signed.self().signatureId().orElseThrow();
    }

    private static Path fresh() {
        return dir.resolve("f" + FILES.incrementAndGet());
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(5).nextBytes(bytes);
        return bytes;
    }
}
