package dev.signet.core.format.notation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.testing.TestPki;
import dev.signet.core.tsa.TimestampAuthority;
import dev.signet.core.verify.Check;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code io.cncf.notary.timestampSignature} header: made when signing with a TSA, checked on verify. */
class NotationTimestampTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static TimestampAuthority tsa;
    private static byte[] envelope;

    @BeforeAll
    static void sign() throws Exception {
        pki = new TestPki(dir);
        tsa = pki.tsa();
        SigningKey key =
                pki.signingKey(KeyAlgorithm.ECDSA_P384, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new NotationJwsFormat()
                .sign(
                        new SignRequest(
                                NotationJwsFormatTest.subject(),
                                key,
                                new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(1)), TestPki.ARN, Optional.empty()),
                                Optional.of(tsa)),
                        out);
        envelope = out.toByteArray();
    }

    @Test
    void theHeaderHoldsATokenOverTheRawSignatureValue() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(envelope);
        String header = root.get("header").get(NotaryTimestamp.HEADER).textValue();
        byte[] signatureValue =
                Base64.getUrlDecoder().decode(root.get("signature").textValue());
        byte[] token = Base64.getDecoder().decode(header);
        org.bouncycastle.tsp.TimeStampToken parsed =
                new org.bouncycastle.tsp.TimeStampToken(new org.bouncycastle.cms.CMSSignedData(token));
        assertThat(parsed.getTimeStampInfo().getMessageImprintDigest())
                .isEqualTo(CryptoProviders.messageDigest(HashAlgorithm.SHA384).digest(signatureValue));
    }

    @Test
    void verifiesAndReportsTheTokenAsTimestampEvidence() throws Exception {
        SignatureEvidence evidence = new NotationJwsFormat().verify(NotationJwsFormatTest.subject(), envelope);
        assertThat(evidence.intact()).as(evidence.integrityDetail()).isTrue();
        assertThat(evidence.timestamp()).isPresent();
        assertThat(evidence.timestamp().get().chain().get(0))
                .isEqualTo(tsa.chain().get(0));
        VerificationResult result = Verifier.builder()
                .trustedRoots(List.of(pki.root()))
                .build()
                .verify(NotationJwsFormatTest.subject(), envelope);
        assertThat(result.checks())
                .allSatisfy(c -> assertThat(c.passed()).as(c.message()).isTrue());
    }

    static Stream<Arguments> damagedTokens() {
        UnaryOperator<String> flip = b64 -> {
            byte[] token = Base64.getDecoder().decode(b64);
            token[token.length - 30] ^= 0x01; // inside the token's own signature
            return Base64.getEncoder().encodeToString(token);
        };
        return Stream.of(
                Arguments.of("a flipped byte inside the token", flip),
                Arguments.of("not base64", (UnaryOperator<String>) b64 -> "%%" + b64),
                Arguments.of("MIME line breaks", (UnaryOperator<String>)
                        b64 -> b64.substring(0, 64) + "\r\n" + b64.substring(64)),
                Arguments.of("empty", (UnaryOperator<String>) b64 -> ""),
                Arguments.of("not a token", (UnaryOperator<String>)
                        b64 -> Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8))),
                Arguments.of("a token over other data", (UnaryOperator<String>) b64 -> {
                    try {
                        byte[] other = tsa.timestamp(
                                HashAlgorithm.SHA384,
                                CryptoProviders.messageDigest(HashAlgorithm.SHA384)
                                        .digest(new byte[1]));
                        return Base64.getEncoder().encodeToString(other);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damagedTokens")
    void aDamagedTokenFailsIntegrity(String what, UnaryOperator<String> damage) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(envelope);
        ObjectNode header = (ObjectNode) root.get("header");
        header.put(
                NotaryTimestamp.HEADER,
                damage.apply(header.get(NotaryTimestamp.HEADER).textValue()));
        byte[] tampered = JSON.writeValueAsBytes(root);
        VerificationResult result = Verifier.builder()
                .trustedRoots(List.of(pki.root()))
                .build()
                .verify(NotationJwsFormatTest.subject(), tampered);
        assertThat(result.checks().get(0).check()).isEqualTo(Check.INTEGRITY);
        assertThat(result.checks().get(0).passed())
                .as(result.checks().get(0).message())
                .isFalse();
    }
}
