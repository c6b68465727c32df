package dev.signet.core.format.notation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.TestPki;
import dev.signet.core.verify.CheckResult;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.Verifier;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NotationJwsFormatTest {
    static final String DIGEST = "sha256:" + "ab".repeat(32);
    static final String PAYLOAD = "{\"targetArtifact\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"digest\":\"" + DIGEST + "\",\"size\":528}}";
    static final String JOB =
            "arn:aws:signer:us-east-1:000000000000:/signing-jobs/0f2b6a6e-1111-2222-3333-444455556666";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static TestPki pki;
    static SigningKey key;
    static Instant signedAt;
    static byte[] envelope;

    @BeforeAll
    static void sign() throws Exception {
        pki = new TestPki(dir);
        Instant now = Instant.now();
        key = pki.signingKey(KeyAlgorithm.ECDSA_P384, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
        signedAt = now.truncatedTo(ChronoUnit.MILLIS);
        envelope = sign(key, PAYLOAD.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sign(SigningKey k, byte[] payload) throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new NotationJwsFormat()
                .sign(
                        new SignRequest(
                                subject(payload),
                                k,
                                new SignatureMetadata(
                                        signedAt, signedAt.plus(Duration.ofDays(7)), TestPki.ARN, Optional.of(JOB))),
                        out);
        return out.toByteArray();
    }

    static Subject.Payload subject(byte[] payload) {
        return new Subject.Payload(NotaryPayload.MEDIA_TYPE, payload);
    }

    static Subject.Payload subject() {
        return subject(PAYLOAD.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode tree(byte[] json) throws Exception {
        return JSON.readTree(json);
    }

    static JsonNode protectedHeader(byte[] env) throws Exception {
        return JSON.readTree(
                Base64.getUrlDecoder().decode(tree(env).get("protected").textValue()));
    }

    /** The job of a SignPayload records the target's digest the Notary payload states. */
    @Test
    void theStatedArtifactDigestIsTheTargetsDigest() {
        assertThat(new NotationJwsFormat().statedArtifactDigest(subject())).contains(DIGEST);
        assertThat(new NotationJwsFormat().statedArtifactDigest(subject("{}".getBytes(StandardCharsets.UTF_8))))
                .isEmpty();
    }

    @Test
    void isRegisteredForThePlatformAndItsPayloadFormat() {
        assertThat(SignatureFormats.forPlatform("Notation-OCI-SHA384-ECDSA"))
                .get()
                .isInstanceOf(NotationJwsFormat.class);
        assertThat(new NotationJwsFormat().payloadFormat()).contains("application/vnd.cncf.notary.payload.v1+json");
        assertThat(SignatureFormats.detect(envelope)).get().isInstanceOf(NotationJwsFormat.class);
    }

    @Test
    void theEnvelopeIsFlattenedJwsWithEveryRequiredHeader() throws Exception {
        JsonNode root = tree(envelope);
        assertThat(root.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("payload", "protected", "header", "signature");
        JsonNode h = protectedHeader(envelope);
        assertThat(h.get("alg").textValue()).isEqualTo("ES384");
        assertThat(h.get("cty").textValue()).isEqualTo("application/vnd.cncf.notary.payload.v1+json");
        assertThat(h.get("io.cncf.notary.signingScheme").textValue()).isEqualTo("notary.x509.signingAuthority");
        assertThat(h.get("io.cncf.notary.authenticSigningTime").textValue())
                .isEqualTo(signedAt.truncatedTo(ChronoUnit.SECONDS).toString());
        assertThat(h.get("io.cncf.notary.expiry").textValue())
                .isEqualTo(signedAt.plus(Duration.ofDays(7))
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString());
        assertThat(h.get("com.amazonaws.signer.signingProfileVersion").textValue())
                .isEqualTo(TestPki.ARN);
        assertThat(h.get("com.amazonaws.signer.signingJob").textValue()).isEqualTo(JOB);
        assertThat(h.has("io.cncf.notary.signingTime")).isFalse();
        List<String> crit = new ArrayList<>();
        h.get("crit").forEach(n -> crit.add(n.textValue()));
        assertThat(crit)
                .containsExactly(
                        "io.cncf.notary.signingScheme",
                        "io.cncf.notary.authenticSigningTime",
                        "io.cncf.notary.expiry",
                        "io.cncf.notary.verificationPlugin",
                        "com.amazonaws.signer.signingProfileVersion",
                        "com.amazonaws.signer.signingJob");
        assertThat(h.get("io.cncf.notary.verificationPlugin").textValue())
                .isEqualTo("com.amazonaws.signer.notation.plugin");
        assertThat(h.fieldNames())
                .toIterable()
                .containsExactly(
                        "alg",
                        "cty",
                        "crit",
                        "io.cncf.notary.signingScheme",
                        "io.cncf.notary.authenticSigningTime",
                        "io.cncf.notary.expiry",
                        "io.cncf.notary.verificationPlugin",
                        "com.amazonaws.signer.signingProfileVersion",
                        "com.amazonaws.signer.signingJob");
        assertThat(new String(Base64.getUrlDecoder().decode(root.get("payload").textValue()), StandardCharsets.UTF_8))
                .isEqualTo(PAYLOAD);
        JsonNode x5c = root.get("header").get("x5c");
        assertThat(x5c).hasSize(key.chain().size());
        for (int i = 0; i < x5c.size(); i++) {
            assertThat(Base64.getDecoder().decode(x5c.get(i).textValue()))
                    .isEqualTo(key.chain().get(i).getEncoded());
        }
        assertThat(((ECPublicKey) key.certificate().getPublicKey())
                        .getParams()
                        .getCurve()
                        .getField()
                        .getFieldSize())
                .isEqualTo(384);
        assertThat(key.chain().get(key.chain().size() - 1)).isEqualTo(pki.root());
    }

    @Test
    void theSignatureIsRawRsOverTheSigningInputAndVerifiesWithTheJdk() throws Exception {
        JsonNode root = tree(envelope);
        byte[] sig = Base64.getUrlDecoder().decode(root.get("signature").textValue());
        assertThat(sig).hasSize(96);
        Signature jdk = Signature.getInstance("SHA384withECDSAinP1363Format", "SunEC");
        jdk.initVerify(key.certificate().getPublicKey());
        jdk.update(
                (root.get("protected").textValue() + "." + root.get("payload").textValue())
                        .getBytes(StandardCharsets.US_ASCII));
        assertThat(jdk.verify(sig)).isTrue();
    }

    @Test
    void theVerifierAcceptsItAgainstTheRoot() {
        SignatureEvidence evidence = verify(envelope);
        assertThat(evidence.intact()).isTrue();
        assertThat(evidence.signingTime()).contains(signedAt.truncatedTo(ChronoUnit.SECONDS));
        assertThat(verifier().verify(subject(), envelope).checks())
                .extracting(CheckResult::reason)
                .containsOnly(ReasonCode.OK);
    }

    @Test
    void anotherArtifactIsNotCovered() throws Exception {
        String other = PAYLOAD.replace("\"size\":528", "\"size\":529");
        SignatureEvidence evidence =
                new NotationJwsFormat().verify(subject(other.getBytes(StandardCharsets.UTF_8)), envelope);
        assertThat(evidence.intact()).isFalse();
        assertThat(evidence.integrityDetail()).contains("not the given artifact");
    }

    @Test
    void describeReadsTheClaims() throws Exception {
        NotationJwsFormat.EnvelopeInfo info = NotationJwsFormat.describe(envelope);
        assertThat(info.target())
                .isEqualTo(new OciDescriptor("application/vnd.oci.image.manifest.v1+json", DIGEST, 528));
        assertThat(info.jobArn()).contains(JOB);
        assertThat(info.expiry()).contains(signedAt.plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.SECONDS));
    }

    static Verifier verifier() {
        return Verifier.builder().trustedRoots(List.of(pki.root())).build();
    }

    static SignatureEvidence verify(byte[] env) {
        try {
            return new NotationJwsFormat().verify(subject(), env);
        } catch (FormatException e) {
            throw new AssertionError(e);
        }
    }

    /** Positions in each member's string value: start, middle, end. */
    static Stream<Object[]> tamperings() throws Exception {
        sign();
        List<Object[]> cases = new ArrayList<>();
        for (String member : List.of("protected", "payload", "signature")) {
            int len = tree(envelope).get(member).textValue().length();
            for (int pos : new int[] {0, len / 2, len - 1}) {
                cases.add(new Object[] {member, pos});
            }
        }
        int len = tree(envelope).get("header").get("x5c").get(0).textValue().length();
        for (int pos : new int[] {0, 200, len / 2, len - 10}) {
            cases.add(new Object[] {"x5c", pos});
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("tamperings")
    void everyTamperedByteFailsVerification(String member, int pos) throws Exception {
        ObjectNode root = (ObjectNode) tree(envelope);
        if (member.equals("x5c")) {
            var x5c = (com.fasterxml.jackson.databind.node.ArrayNode)
                    root.get("header").get("x5c");
            x5c.set(
                    0,
                    x5c.get(0).textValue().substring(0, pos)
                            + flip(x5c.get(0).textValue().charAt(pos))
                            + x5c.get(0).textValue().substring(pos + 1));
        } else {
            String v = root.get(member).textValue();
            root.put(member, v.substring(0, pos) + flip(v.charAt(pos)) + v.substring(pos + 1));
        }
        byte[] tampered = JSON.writeValueAsBytes(root);
        var result = verifier().verify(subject(), tampered);
        assertThat(result.valid()).isFalse();
        if (member.equals("x5c")) {
            // x5c is unprotected: a change inside the leaf's own signature leaves the key intact but
            // breaks the chain
            assertThat(result.checks())
                    .extracting(CheckResult::reason)
                    .containsAnyOf(ReasonCode.INTEGRITY, ReasonCode.MALFORMED, ReasonCode.UNTRUSTED_CHAIN);
        } else {
            assertThat(result.checks().get(0).reason()).isIn(ReasonCode.INTEGRITY, ReasonCode.MALFORMED);
        }
    }

    static char flip(char c) {
        return c == 'A' ? 'B' : 'A';
    }

    static Stream<Arguments> malformedEnvelopesAreFormatExceptionsCases() {
        return Stream.of(
                Arguments.of("", "the Notary envelope is empty"),
                Arguments.of("[]", "the JWS envelope is not a JSON object"),
                Arguments.of("null", "the JWS envelope is not a JSON object"),
                Arguments.of("{}", "the JWS envelope has no unprotected header object"),
                Arguments.of(
                        "{\"payload\":\"e30\",\"protected\":\"e30\",\"signature\":\"AA\"}",
                        "the JWS envelope has no unprotected header object"),
                Arguments.of(
                        "{\"payload\":\"e30\",\"protected\":\"e30\",\"header\":{\"x5c\":[]},\"signature\":\"AA\"}",
                        "x5c must be an array of 1 to 10 certificates"),
                Arguments.of(
                        "{\"payload\":1,\"protected\":\"e30\",\"header\":{\"x5c\":[\"AA==\"]},\"signature\":\"AA\"}",
                        "the JWS envelope's payload must be a non-empty string"),
                Arguments.of(
                        "{\"payload\":\"e30\",\"protected\":\"e30\",\"header\":{\"x5c\":[\"not base64\"]},\"signature\":\"AA\"}",
                        "x5c holds a certificate that does not parse"),
                Arguments.of(
                        "{\"payload\":\"e30\",\"protected\":\"e30\",\"header\":{\"x5c\":[\"AA==\"]},\"signature\":\"AA\",\"x\":1}",
                        "the JWS envelope has an unknown member x"),
                Arguments.of("{\"payload\":\"e30\",\"payload\":\"e30\"}", "the JWS envelope is not JSON"),
                Arguments.of("{\"payload\": \"e30\", \"protected\": \"e30\"", "the JWS envelope is not JSON"));
    }

    @ParameterizedTest
    @MethodSource("malformedEnvelopesAreFormatExceptionsCases")
    void malformedEnvelopesAreFormatExceptions(String json, String reason) {
        assertThatThrownBy(() -> new NotationJwsFormat().verify(subject(), json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining(reason);
    }

    /** Re-signs a modified protected header with the real key: the header rules alone must refuse it. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "crit-missing-expiry",
                "crit-extra",
                "crit-repeated",
                "crit-registered",
                "no-crit",
                "no-authentic-time",
                "unknown-header",
                "wrong-cty",
                "alg-es256",
                "bad-time",
                "scheme-x509-with-authentic",
                "unknown-scheme",
            })
    void headerRuleViolationsAreRefused(String violation) throws Exception {
        ObjectNode h = (ObjectNode) protectedHeader(envelope);
        var crit = (com.fasterxml.jackson.databind.node.ArrayNode) h.get("crit");
        switch (violation) {
            case "crit-missing-expiry" -> crit.remove(2);
            case "crit-extra" -> crit.add("io.cncf.notary.signingAgent");
            case "crit-repeated" -> crit.add("io.cncf.notary.verificationPlugin");
            case "crit-registered" -> crit.add("alg");
            case "no-crit" -> h.remove("crit");
            case "no-authentic-time" -> {
                h.remove("io.cncf.notary.authenticSigningTime");
                crit.remove(1);
            }
            case "unknown-header" -> h.put("x-extra", "1");
            case "wrong-cty" -> h.put("cty", "application/json");
            case "alg-es256" -> h.put("alg", "ES256");
            case "bad-time" -> h.put("io.cncf.notary.expiry", "next week");
            case "scheme-x509-with-authentic" -> h.put("io.cncf.notary.signingScheme", "notary.x509");
            case "unknown-scheme" -> h.put("io.cncf.notary.signingScheme", "notary.other");
            default -> throw new AssertionError(violation);
        }
        ObjectNode root = (ObjectNode) tree(envelope);
        String protectedB64 = Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(h));
        byte[] input = (protectedB64 + "." + root.get("payload").textValue()).getBytes(StandardCharsets.US_ASCII);
        byte[] der = key.sign(dev.signet.core.crypto.HashAlgorithm.SHA384, input);
        root.put("protected", protectedB64);
        root.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(EcdsaJose.derToJose(der, 48)));
        byte[] resigned = JSON.writeValueAsBytes(root);
        if (violation.equals("alg-es256")) {
            SignatureEvidence e = verify(resigned);
            assertThat(e.intact()).isFalse();
            assertThat(e.integrityDetail()).contains("alg ES256");
        } else {
            String reason = switch (violation) {
                case "crit-missing-expiry" ->
                    "crit must list the critical headers present; it leaves out [io.cncf.notary.expiry]";
                case "crit-extra" ->
                    "crit names a header Signet does not understand as critical: io.cncf.notary.signingAgent";
                case "crit-repeated" -> "crit lists a header twice";
                case "crit-registered" -> "crit names a header Signet does not understand as critical: alg";
                case "no-crit" -> "crit must be a non-empty array";
                case "no-authentic-time" ->
                    "protected header io.cncf.notary.authenticSigningTime must be a non-empty string";
                case "unknown-header" -> "unknown protected header x-extra";
                case "wrong-cty" -> "cty must be application/vnd.cncf.notary.payload.v1+json";
                case "bad-time" -> "io.cncf.notary.expiry is not an RFC 3339 time";
                case "scheme-x509-with-authentic" -> "notary.x509 forbids io.cncf.notary.authenticSigningTime";
                case "unknown-scheme" -> "unsupported signing scheme notary.other";
                default -> throw new AssertionError(violation);
            };
            assertThatThrownBy(() -> new NotationJwsFormat().verify(subject(), resigned))
                    .isInstanceOf(FormatException.class)
                    .hasMessageContaining(reason);
        }
    }

    static Stream<Arguments> nonOciPayloadsAreRefusedWhenSigningCases() {
        return Stream.of(
                Arguments.of("{}", "the Notary payload must have exactly the member targetArtifact"),
                Arguments.of("[]", "the Notary payload must be a JSON object"),
                Arguments.of("\"x\"", "the Notary payload must be a JSON object"),
                Arguments.of("{\"targetArtifact\":null}", "targetArtifact must be an OCI descriptor object"),
                Arguments.of("{\"targetArtifact\":{}}", "targetArtifact.mediaType must be a string"),
                Arguments.of(
                        "{\"targetArtifact\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:ab\",\"size\":1}}",
                        "targetArtifact: not an OCI digest (sha256/sha384/sha512, lower-case hex): sha256:ab"),
                Arguments.of(
                        "{\"targetArtifact\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"md5:"
                                + "0123456789abcdef0123456789abcdef\",\"size\":1}}",
                        "targetArtifact: not an OCI digest (sha256/sha384/sha512, lower-case hex): md5:0123456789abcdef0123456789abcdef"),
                Arguments.of(
                        "{\"targetArtifact\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:"
                                + "ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB\",\"size\":1}}",
                        "targetArtifact: not an OCI digest (sha256/sha384/sha512, lower-case hex): sha256:ABAB"),
                Arguments.of(
                        "{\"targetArtifact\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:"
                                + "abababababababababababababababababababababababababababababababab\",\"size\":-1}}",
                        "targetArtifact: a descriptor size is >= 0, got -1"),
                Arguments.of(
                        "{\"targetArtifact\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:"
                                + "abababababababababababababababababababababababababababababababab\",\"size\":\"1\"}}",
                        "targetArtifact.size must be an integer"),
                Arguments.of(
                        "{\"targetArtifact\":{\"mediaType\":\"not a type\",\"digest\":\"sha256:"
                                + "abababababababababababababababababababababababababababababababab\",\"size\":1}}",
                        "targetArtifact: not an OCI media type: not a type"),
                Arguments.of(
                        "{\"targetArtifact\":{\"mediaType\":\"a/b\",\"digest\":\"sha256:"
                                + "abababababababababababababababababababababababababababababababab\",\"size\":1,\"extra\":1}}",
                        "targetArtifact has an unknown member extra"),
                Arguments.of(
                        "{\"targetArtifact\":{\"mediaType\":\"a/b\",\"digest\":\"sha256:"
                                + "abababababababababababababababababababababababababababababababab\",\"size\":1},\"x\":1}",
                        "the Notary payload must have exactly the member targetArtifact"),
                Arguments.of(
                        "{\"targetArtifact\":{\"mediaType\":\"a/b\",\"mediaType\":\"a/c\",\"digest\":\"sha256:"
                                + "abababababababababababababababababababababababababababababababab\",\"size\":1}}",
                        "the Notary payload is not JSON: Duplicate field 'mediaType'"),
                Arguments.of("not json", "the Notary payload is not JSON: Unrecognized token 'not'"));
    }

    @ParameterizedTest
    @MethodSource("nonOciPayloadsAreRefusedWhenSigningCases")
    void nonOciPayloadsAreRefusedWhenSigning(String payload, String reason) {
        assertThatThrownBy(() -> sign(key, payload.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void filesDigestsAndRsaKeysAreRefused() throws Exception {
        SigningKey rsa = pki.signingKey(
                KeyAlgorithm.RSA_3072,
                Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(86400));
        assertThatThrownBy(() -> sign(rsa, PAYLOAD.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("ECDSA");
        assertThatThrownBy(() -> new NotationJwsFormat().verify(new Subject.File(dir.resolve("x")), envelope))
                .isInstanceOf(FormatException.class)
                .hasMessage(
                        "notation-jws signs a application/vnd.cncf.notary.payload.v1+json payload, not a file or digest");
    }
}
