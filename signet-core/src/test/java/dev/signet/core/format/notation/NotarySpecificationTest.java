package dev.signet.core.format.notation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.testing.TestPki;
import dev.signet.core.verify.CheckResult;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.Verifier;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MUST and MUST NOT statements of the Notary Project specifications ({@code
 * notaryproject/specifications}: {@code specs/signature-envelope-jws.md}, "JWS"; {@code
 * specs/signature-specification.md}, "SIG") that apply to what Signet signs (every style) and to
 * what it accepts. Each test quotes its statement. Envelopes are read as plain JSON, never through
 * Signet's parser.
 */
class NotarySpecificationTest {
    static final String SCHEME = "io.cncf.notary.signingScheme";
    static final String AUTHENTIC = "io.cncf.notary.authenticSigningTime";
    static final String EXPIRY = "io.cncf.notary.expiry";

    @TempDir
    static Path dir;

    static TestPki pki;
    static SigningKey p384;
    static SigningKey p256;
    static Instant signedAt;

    @BeforeAll
    static void keys() {
        pki = new TestPki(dir);
        Instant now = Instant.now();
        p384 = pki.signingKey(KeyAlgorithm.ECDSA_P384, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
        p256 = pki.signingKey(KeyAlgorithm.ECDSA_P256, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
        signedAt = now.truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
    }

    static byte[] sign(SigningKey key, EnvelopeStyle style) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new NotationJwsFormat()
                    .sign(
                            new SignRequest(
                                    NotationJwsFormatTest.subject(),
                                    key,
                                    new SignatureMetadata(
                                                    signedAt,
                                                    signedAt.plus(Duration.ofDays(7)),
                                                    TestPki.ARN,
                                                    Optional.of(NotationJwsFormatTest.JOB))
                                            .withSigningParameters(Map.of(EnvelopeStyle.PARAMETER, style.value()))),
                            out);
        } catch (FormatException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    static Stream<EnvelopeStyle> styles() {
        return Stream.of(EnvelopeStyle.values());
    }

    static List<ReasonCode> reasons(byte[] envelope) {
        return Verifier.builder()
                .trustedRoots(List.of(pki.root()))
                .build()
                .verify(NotationJwsFormatTest.subject(), envelope)
                .checks()
                .stream()
                .map(CheckResult::reason)
                .toList();
    }

    // ---- what Signet signs ----

    /** JWS: "Only JWS JSON flattened format is supported"; "no additional top level fields are supported". */
    @ParameterizedTest
    @MethodSource("styles")
    void theEnvelopeIsFlattenedJsonWithTheFourMembersOnly(EnvelopeStyle style) {
        JsonNode root = Envelopes.root(sign(p384, style));
        assertThat(root.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("payload", "protected", "header", "signature");
        assertThat(root.get("header").fieldNames()).toIterable().contains("x5c");
    }

    /**
     * JWS: "during signing the value of alg MUST be set corresponding to signature algorithm of the
     * signing key"; "alg header value MUST NOT be none or any symmetric-key algorithm".
     */
    @Test
    void algIsTheSigningKeysAlgorithm() {
        assertThat(Envelopes.protectedHeader(sign(p384, EnvelopeStyle.PLUGIN))
                        .get("alg")
                        .textValue())
                .isEqualTo("ES384");
        assertThat(Envelopes.protectedHeader(sign(p256, EnvelopeStyle.PLUGIN))
                        .get("alg")
                        .textValue())
                .isEqualTo("ES256");
    }

    /** JWS: cty "The supported value is application/vnd.cncf.notary.payload.v1+json". */
    @ParameterizedTest
    @MethodSource("styles")
    void ctyIsTheNotaryPayloadType(EnvelopeStyle style) {
        assertThat(Envelopes.protectedHeader(sign(p384, style)).get("cty").textValue())
                .isEqualTo("application/vnd.cncf.notary.payload.v1+json");
    }

    /**
     * JWS: crit "MUST only contain headers apart from registered headers"; "MUST contain
     * io.cncf.notary.signingScheme ... and optionally contain io.cncf.notary.authenticSigningTime and
     * io.cncf.notary.expiry if these critical headers are present". SIG: "Claims that MUST be
     * processed by a verifier MUST be marked as critical".
     */
    @ParameterizedTest
    @MethodSource("styles")
    void critListsTheRequiredCriticalHeadersAndNoRegisteredOne(EnvelopeStyle style) {
        ObjectNode h = Envelopes.protectedHeader(sign(p384, style));
        List<String> crit = Envelopes.crit(h);
        assertThat(crit).contains(SCHEME, AUTHENTIC, EXPIRY).doesNotContain("alg", "cty", "crit");
        assertThat(crit).allMatch(h::has);
    }

    /**
     * JWS: io.cncf.notary.authenticSigningTime "is REQUIRED and only valid when signing scheme is
     * notary.x509.signingAuthority"; signingTime "is REQUIRED and only valid when signing scheme is
     * notary.x509". Times are RFC 3339; "the optional fractional second ... SHOULD NOT be used".
     */
    @ParameterizedTest
    @MethodSource("styles")
    void theSigningAuthoritySchemeCarriesAnAuthenticSigningTimeInWholeSeconds(EnvelopeStyle style) {
        ObjectNode h = Envelopes.protectedHeader(sign(p384, style));
        assertThat(h.get(SCHEME).textValue()).isEqualTo("notary.x509.signingAuthority");
        assertThat(h.has("io.cncf.notary.signingTime")).isFalse();
        for (String time : List.of(AUTHENTIC, EXPIRY)) {
            assertThat(h.get(time).textValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        }
        assertThat(Instant.parse(h.get(AUTHENTIC).textValue())).isEqualTo(signedAt.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * SIG, extended attributes for Notation plugins: Verification Plugin "(critical)"; JWS: the
     * header is "(critical)". Signet names the AWS Signer plugin in the plugin style only and never a
     * minimum version. SIG: "Claims which are informational and do not influence signature
     * verification MUST NOT be marked critical": in the portable style nothing processes the ARNs.
     */
    @Test
    void thePluginHeaderIsCriticalAndTheArnsAreCriticalOnlyWhereAPluginProcessesThem() {
        ObjectNode plugin = Envelopes.protectedHeader(sign(p384, EnvelopeStyle.PLUGIN));
        assertThat(plugin.get("io.cncf.notary.verificationPlugin").textValue())
                .isEqualTo("com.amazonaws.signer.notation.plugin");
        assertThat(Envelopes.crit(plugin))
                .contains(
                        "io.cncf.notary.verificationPlugin",
                        "com.amazonaws.signer.signingProfileVersion",
                        "com.amazonaws.signer.signingJob");
        assertThat(plugin.has("io.cncf.notary.verificationPluginMinVersion")).isFalse();

        ObjectNode portable = Envelopes.protectedHeader(sign(p384, EnvelopeStyle.PORTABLE));
        assertThat(portable.has("io.cncf.notary.verificationPlugin")).isFalse();
        assertThat(Envelopes.crit(portable)).containsExactly(SCHEME, AUTHENTIC, EXPIRY);
    }

    /**
     * JWS: "Build JWS Signing Input ... ASCII(BASE64URL(UTF8(ProtectedHeaders)) '.'
     * BASE64URL(JWSPayload))"; Base64Url "with all trailing '=' characters omitted and without the
     * inclusion of any additional characters"; the signature uses "the signature algorithm of the
     * signing key".
     */
    @ParameterizedTest
    @MethodSource("styles")
    void theSignatureIsOverTheUnpaddedBase64UrlSigningInput(EnvelopeStyle style) throws Exception {
        JsonNode root = Envelopes.root(sign(p384, style));
        for (String member : List.of("protected", "payload", "signature")) {
            assertThat(root.get(member).textValue()).matches("[A-Za-z0-9_-]+");
        }
        Signature ecdsa = Signature.getInstance("SHA384withECDSAinP1363Format", "SunEC");
        ecdsa.initVerify(p384.certificate().getPublicKey());
        ecdsa.update(
                (root.get("protected").textValue() + "." + root.get("payload").textValue())
                        .getBytes(StandardCharsets.US_ASCII));
        assertThat(ecdsa.verify(
                        Base64.getUrlDecoder().decode(root.get("signature").textValue())))
                .isTrue();
    }

    /**
     * SIG payload: targetArtifact "MUST contain mediaType, digest, and size fields"; "Any metadata
     * that is used to verify the payload itself, and establish trust MUST be stored separately from
     * the payload": the payload is the caller's descriptor, verbatim.
     */
    @ParameterizedTest
    @MethodSource("styles")
    void thePayloadIsTheDescriptorVerbatim(EnvelopeStyle style) {
        JsonNode root = Envelopes.root(sign(p384, style));
        assertThat(new String(Base64.getUrlDecoder().decode(root.get("payload").textValue()), StandardCharsets.UTF_8))
                .isEqualTo(NotationJwsFormatTest.PAYLOAD);
    }

    /**
     * JWS x5c: "The certificate containing the public key corresponding to the key used to digitally
     * sign the JWS MUST be the first certificate, followed by the intermediate and root certificates
     * in the correct order". SIG: "Valid certificate chain MUST contain a root certificate"; "MUST
     * NOT chain to multiple parents/roots"; "MUST NOT contain a certificate that is unrelated";
     * "certificates in the certificate chain MUST be valid at signing time".
     */
    @ParameterizedTest
    @MethodSource("styles")
    void x5cIsTheOrderedChainFromTheSignerToItsRoot(EnvelopeStyle style) throws Exception {
        List<X509Certificate> chain = chain(sign(p384, style));
        assertThat(chain.get(0)).isEqualTo(p384.certificate());
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            X509Certificate issuer = chain.get(Math.min(i + 1, chain.size() - 1));
            c.verify(issuer.getPublicKey());
            assertThat(c.getIssuerX500Principal()).isEqualTo(issuer.getSubjectX500Principal());
            c.checkValidity(java.util.Date.from(signedAt));
        }
        X509Certificate root = chain.get(chain.size() - 1);
        assertThat(root.getSubjectX500Principal()).isEqualTo(root.getIssuerX500Principal());
        assertThat(chain.subList(0, chain.size() - 1))
                .noneMatch(c -> c.getSubjectX500Principal().equals(c.getIssuerX500Principal()));
    }

    /**
     * SIG certificate requirements, CA certificates: basicConstraints "MUST be present and MUST be
     * marked as critical. The cA field MUST be set to true"; pathLenConstraint "if present, it MUST
     * be verified against the depth of the chain below"; keyUsage "MUST be present and MUST be marked
     * critical. Bit positions for keyCertSign MUST be set". Leaf: basicConstraints, if present, "cA
     * field MUST be set to false"; keyUsage "MUST be present and MUST be marked critical. Bit positions
     * for digitalSignature MUST be set. The Bit positions for keyEncipherment, dataEncipherment,
     * keyAgreement, keyCertSign, encipherOnly, decipherOnly and cRLSign MUST NOT be set";
     * extendedKeyUsage "MUST NOT contain anyExtendedKeyUsage, serverAuth, clientAuth, emailProtection
     * and timeStamping"; "For ECDSA public key, the key length MUST be 256 bits or higher"; "Any
     * certificate in the certificate chain MUST NOT use SHA1WithRSA and ECDSAWithSHA1 signatures".
     */
    @Test
    void everyCertificateMeetsTheCodeSigningRequirements() throws Exception {
        List<X509Certificate> chain = chain(sign(p384, EnvelopeStyle.PLUGIN));
        for (int i = 1; i < chain.size(); i++) {
            X509Certificate ca = chain.get(i);
            assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
            assertThat(ca.getBasicConstraints()).as("cA with path length").isGreaterThanOrEqualTo(i - 1);
            assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        }
        X509Certificate leaf = chain.get(0);
        assertThat(leaf.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(leaf.getCriticalExtensionOIDs()).contains("2.5.29.15");
        boolean[] usage = leaf.getKeyUsage();
        assertThat(usage[0]).as("digitalSignature").isTrue();
        for (int forbidden : new int[] {2, 3, 4, 5, 6, 7, 8}) {
            assertThat(usage.length > forbidden && usage[forbidden])
                    .as("key usage bit " + forbidden)
                    .isFalse();
        }
        assertThat(leaf.getExtendedKeyUsage())
                .doesNotContain(
                        "2.5.29.37.0",
                        "1.3.6.1.5.5.7.3.1",
                        "1.3.6.1.5.5.7.3.2",
                        "1.3.6.1.5.5.7.3.4",
                        "1.3.6.1.5.5.7.3.8",
                        "1.3.6.1.5.5.7.3.9");
        for (X509Certificate c : chain) {
            assertThat(c.getSigAlgName()).doesNotContainIgnoringCase("SHA1");
            assertThat(((ECPublicKey) c.getPublicKey())
                            .getParams()
                            .getCurve()
                            .getField()
                            .getFieldSize())
                    .isGreaterThanOrEqualTo(256);
        }
    }

    // ---- what Signet accepts ----

    /**
     * JWS: "verifier of the signature MUST match alg with signature algorithm of the signing key";
     * "alg header value MUST NOT be none or any symmetric-key algorithm such as HMAC".
     */
    @ParameterizedTest
    @ValueSource(strings = {"none", "HS256", "HS384", "ES256", "ES512", "PS384", "RS384"})
    void anAlgOtherThanTheKeysIsRefused(String alg) {
        byte[] envelope = Envelopes.resign(sign(p384, EnvelopeStyle.PLUGIN), p384, h -> h.put("alg", alg));
        assertThat(reasons(envelope).get(0)).isIn(ReasonCode.INTEGRITY, ReasonCode.MALFORMED);
    }

    static Stream<Arguments> refusedHeaders() {
        return Stream.of(
                Arguments.of(
                        "SIG: unknown critical attributes MUST cause signature verification to fail",
                        (java.util.function.Consumer<ObjectNode>) h -> {
                            h.put("io.example.policy", "x");
                            h.withArray("crit").add("io.example.policy");
                        }),
                Arguments.of(
                        "JWS: crit MUST contain io.cncf.notary.signingScheme",
                        (java.util.function.Consumer<ObjectNode>) h -> Envelopes.uncrit(h, SCHEME)),
                Arguments.of(
                        "JWS: authenticSigningTime (critical), expiry (critical)",
                        (java.util.function.Consumer<ObjectNode>) h -> Envelopes.uncrit(h, EXPIRY)),
                Arguments.of(
                        "JWS: crit MUST only contain headers apart from registered headers",
                        (java.util.function.Consumer<ObjectNode>)
                                h -> h.withArray("crit").add("cty")),
                Arguments.of(
                        "JWS: signingTime only valid when signing scheme is notary.x509",
                        (java.util.function.Consumer<ObjectNode>)
                                h -> h.put("io.cncf.notary.signingTime", "2020-01-01T00:00:00Z")),
                Arguments.of(
                        "JWS: authenticSigningTime REQUIRED under notary.x509.signingAuthority",
                        (java.util.function.Consumer<ObjectNode>) h -> Envelopes.drop(h, AUTHENTIC)),
                Arguments.of(
                        "JWS: cty supported value application/vnd.cncf.notary.payload.v1+json",
                        (java.util.function.Consumer<ObjectNode>) h -> h.put("cty", "application/json")),
                Arguments.of(
                        "SIG: Verification Plugin (critical); a verifier running no plugins MUST fail what it cannot do",
                        (java.util.function.Consumer<ObjectNode>)
                                h -> h.put("io.cncf.notary.verificationPlugin", "com.example.other")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedHeaders")
    void headersTheSpecificationForbidsAreRefused(String statement, java.util.function.Consumer<ObjectNode> edit) {
        byte[] envelope = Envelopes.resign(sign(p384, EnvelopeStyle.PLUGIN), p384, edit);
        assertThat(reasons(envelope).get(0)).isEqualTo(ReasonCode.MALFORMED);
    }

    /** JWS: "Only JWS JSON flattened format is supported"; "no additional top level fields". */
    @Test
    void otherSerializationsAndExtraMembersAreRefused() {
        JsonNode root = Envelopes.root(sign(p384, EnvelopeStyle.PLUGIN));
        String compact = root.get("protected").textValue() + "."
                + root.get("payload").textValue() + "." + root.get("signature").textValue();
        ObjectNode extra = ((ObjectNode) root.deepCopy()).put("signatures", "[]");
        for (byte[] envelope : List.of(
                compact.getBytes(StandardCharsets.US_ASCII), extra.toString().getBytes(StandardCharsets.UTF_8))) {
            assertThatThrownBy(() -> new NotationJwsFormat().verify(NotationJwsFormatTest.subject(), envelope))
                    .isInstanceOf(FormatException.class);
        }
    }

    /**
     * SIG signing agent: "the verifier MUST NOT validate formatting, or fail validation based on the
     * content of this claim".
     */
    static Stream<String> agents() {
        return Stream.of("notation/1.0.0", "", "  ", "x".repeat(4000), "nötätiön ☃ / \u0007");
    }

    @ParameterizedTest
    @MethodSource("agents")
    void anySigningAgentIsAccepted(String agent) {
        ObjectNode root = Envelopes.root(sign(p384, EnvelopeStyle.PLUGIN));
        ((ObjectNode) root.get("header")).put("io.cncf.notary.signingAgent", agent);
        assertThat(reasons(root.toString().getBytes(StandardCharsets.UTF_8))).containsOnly(ReasonCode.OK);
    }

    /**
     * SIG: "The certificates in the signature MUST be ordered list ... in the correct order"; "Valid
     * certificate chain MUST contain a root certificate".
     */
    @Test
    void aChainOutOfOrderOrWithoutItsRootIsRefused() {
        ObjectNode root = Envelopes.root(sign(p384, EnvelopeStyle.PLUGIN));
        var x5c = (com.fasterxml.jackson.databind.node.ArrayNode)
                root.get("header").get("x5c");
        JsonNode issuing = x5c.get(1);
        x5c.set(1, x5c.get(2));
        x5c.set(2, issuing);
        byte[] swapped = root.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(reasons(swapped).get(0)).isEqualTo(ReasonCode.INTEGRITY);
        x5c.remove(1);
        x5c.remove(1);
        x5c.add(issuing);
        byte[] rootless = root.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(reasons(rootless).get(0)).isEqualTo(ReasonCode.INTEGRITY);
    }

    static List<X509Certificate> chain(byte[] envelope) throws Exception {
        var factory = java.security.cert.CertificateFactory.getInstance("X.509");
        List<X509Certificate> chain = new java.util.ArrayList<>();
        for (JsonNode c : Envelopes.root(envelope).get("header").get("x5c")) {
            chain.add((X509Certificate) factory.generateCertificate(
                    new java.io.ByteArrayInputStream(Base64.getDecoder().decode(c.textValue()))));
        }
        return chain;
    }
}
