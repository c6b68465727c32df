package dev.signet.core.format.jar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the server signs on the JAR platform is a signature file {@link SignatureFile#render}
 * writes, nothing else: hostile and damaged payloads (other attributes, another layout, names no
 * entry can have, not DEFLATE, a DEFLATE bomb, too large) are refused with the reason, and no key
 * is used for them.
 */
class JarSignatureFilePayloadTest {
    private static final JarFormat FORMAT = new JarFormat();
    private static final Instant NOW = Instant.now();

    @TempDir
    static Path dir;

    private static SigningKey key;
    private static String genuine;

    @BeforeAll
    static void setUp() throws Exception {
        TestPki pki = new TestPki(dir.resolve("pki"));
        key = pki.signingKey(KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)));
        Path jar = TestJars.write(dir.resolve("app.jar"));
        byte[] payload = JarClientSigningTest.client()
                .prepare("Signet-JAR-SHA256-ECDSA", jar, n -> {})
                .payload();
        genuine = new String(JarClientSigningTest.inflate(payload), StandardCharsets.ISO_8859_1);
    }

    private static byte[] sign(byte[] payload) throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FORMAT.sign(
                new SignRequest(
                        new Subject.Payload(JarSignatureFilePayload.MEDIA_TYPE, payload),
                        key,
                        new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(1)), TestPki.ARN, Optional.empty())),
                out);
        return out.toByteArray();
    }

    private static byte[] deflated(String signatureFile) {
        return JarSignatureFilePayload.encode(signatureFile.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void theGenuineSignatureFileAndOneWithoutSectionsAreSigned() throws Exception {
        assertThat(genuine).contains("\r\nName: dev/example/Hello.txt\r\nSHA-256-Digest: ");
        byte[] block = sign(deflated(genuine));
        assertThat(AnsweredBlock.check(block, genuine.getBytes(StandardCharsets.ISO_8859_1))
                        .intact())
                .isTrue();
        String headerOnly = genuine.substring(0, genuine.indexOf("\r\n\r\n") + 4);
        assertThat(sign(deflated(headerOnly))).isNotEmpty();
    }

    /** The jar's digest after the stream is the artifact digest the job records; the block is the same. */
    @Test
    void aStatedJarDigestIsRecordedAndOlderPayloadsStateNone() throws Exception {
        String digest = "sha256:" + "0123456789abcdef".repeat(4);
        byte[] stated = concat(deflated(genuine), ascii(digest));
        byte[] block = sign(stated);

        assertThat(AnsweredBlock.check(block, genuine.getBytes(StandardCharsets.ISO_8859_1))
                        .intact())
                .isTrue();
        assertThat(FORMAT.statedArtifactDigest(new Subject.Payload(JarSignatureFilePayload.MEDIA_TYPE, stated)))
                .contains(digest);
        assertThat(FORMAT.statedArtifactDigest(
                        new Subject.Payload(JarSignatureFilePayload.MEDIA_TYPE, deflated(genuine))))
                .isEmpty();
        assertThat(JarSignatureFilePayload.encode(
                        genuine.getBytes(StandardCharsets.ISO_8859_1),
                        HexFormat.of().parseHex(digest.substring(7))))
                .isEqualTo(stated);
    }

    static Stream<Arguments> hostile() {
        return Stream.of(
                edit(
                        "another main attribute",
                        s -> s.replace("Created-By: Signet\r\n", "Created-By: Signet\r\nX-Evil: 1\r\n"),
                        "expected a SHA-256-Digest-Manifest-Main-Attributes line, got 'X-Evil: 1'"),
                edit(
                        "another creator",
                        s -> s.replace("Created-By: Signet", "Created-By: Evil"),
                        "its main section must start with 'Signature-Version: 1.0' and 'Created-By: Signet'"),
                edit(
                        "an attribute after the main digests",
                        s -> s.replaceFirst("\r\n\r\n", "\r\nMagic: 1\r\n\r\n"),
                        "its main section has more than the four attributes Signet writes"),
                edit(
                        "another attribute in a section",
                        s -> s.replaceFirst("(SHA-256-Digest: [^\r]+\r\n)(\r\n)", "$1Magic: x\r\n$2"),
                        "section 1 is not exactly a Name and a SHA-256-Digest line"),
                edit(
                        "a section without its digest",
                        s -> s.replaceFirst("SHA-256-Digest: [^\r]+\r\n\r\n", "\r\n"),
                        "is not exactly a Name and a SHA-256-Digest line"),
                edit("LF line ends", s -> s.replace("\r\n", "\n"), "every line must end with CRLF"),
                edit(
                        "a lone CR in a name",
                        s -> s.replace("Name: dev/example/Hello", "Name: dev/ex\rample/Hello"),
                        "every line must end with CRLF"),
                edit("no final empty line", s -> s.substring(0, s.length() - 2), "it must end with an empty line"),
                edit(
                        "two sections of one name",
                        s -> s
                                + s.substring(
                                        s.indexOf("Name: dev/example/Hello.txt"),
                                        s.indexOf("\r\n\r\n", s.indexOf("Name: dev/example/Hello.txt")) + 4),
                        "it has two sections named 'dev/example/Hello.txt'"),
                edit(
                        "a NUL in a name",
                        s -> s.replace("Name: dev/example/Hello", "Name: dev/example/\0Hello"),
                        "holds a NUL byte"),
                edit(
                        "a name that is not UTF-8",
                        s -> s.replace("Name: dev/example/Hello", "Name: dev/example/\u00ffHello"),
                        "is not UTF-8"),
                edit(
                        "a short digest",
                        s -> s.replaceFirst("SHA-256-Digest: [^\r]+\r\n", "SHA-256-Digest: AAAA\r\n"),
                        "SHA-256-Digest is not a SHA-256 digest (3 bytes)"),
                edit(
                        "a digest that is not base64",
                        s -> s.replaceFirst("SHA-256-Digest: .", "SHA-256-Digest: *"),
                        "SHA-256-Digest is not base64"),
                edit(
                        "a line not wrapped at 72 bytes",
                        s -> s.replaceFirst("\r\n (?=[^\r]*\r\nSHA-256-Digest-Manifest: )", ""),
                        "it is not laid out as Signet writes it"),
                edit(
                        "a name wrapped early",
                        s -> s.replace("Name: dev/example/Hello.txt", "Name: dev/example/\r\n Hello.txt"),
                        "it is not laid out as Signet writes it"),
                edit("a shell script", s -> "#!/bin/sh\r\nrm -rf /\r\n\r\n", "its main section must start with"),
                raw("not DEFLATE (a reserved block type)", new byte[] {(byte) 0xff, 'x'}, "not a DEFLATE stream"),
                raw(
                        "bytes after the stream",
                        concat(deflated(genuine), new byte[] {1, 2}),
                        "bytes follow the end of the DEFLATE stream"),
                raw(
                        "a digest trailer in upper case",
                        concat(deflated(genuine), ascii("sha256:" + "AB".repeat(32))),
                        "bytes follow the end of the DEFLATE stream"),
                raw(
                        "a digest trailer one digit short",
                        concat(deflated(genuine), ascii("sha256:" + "ab".repeat(31) + "a")),
                        "bytes follow the end of the DEFLATE stream"),
                raw(
                        "another algorithm's trailer",
                        concat(deflated(genuine), ascii("sha384:" + "ab".repeat(32))),
                        "bytes follow the end of the DEFLATE stream"),
                raw(
                        "a digest trailer with a line end",
                        concat(deflated(genuine), ascii("sha256:" + "ab".repeat(32) + "\n")),
                        "bytes follow the end of the DEFLATE stream"),
                raw("a truncated stream", Arrays.copyOf(deflated(genuine), deflated(genuine).length / 2), "DEFLATE"),
                raw(
                        "a DEFLATE bomb",
                        JarSignatureFilePayload.encode(new byte[JarSignatureFilePayload.MAX_INFLATED + 1]),
                        "it inflates to more than 16777216 bytes"));
    }

    private static Arguments edit(String name, UnaryOperator<String> edit, String reason) {
        return Arguments.of(name, null, reason, edit);
    }

    private static Arguments raw(String name, byte[] payload, String reason) {
        return Arguments.of(name, payload, reason, null);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostilePayloadsAreRefusedWithTheReason(
            String name, byte[] payload, String reason, UnaryOperator<String> edit) {
        byte[] sent = payload != null ? payload : deflated(edit.apply(genuine));
        assertThatThrownBy(() -> sign(sent))
                .isInstanceOf(FormatException.class)
                .hasMessageStartingWith(
                        reason.contains("DEFLATE") || reason.contains("inflates")
                                ? "a application/vnd.signet.jar-signature-file.v1+deflate payload "
                                : "not a signature file Signet writes: ")
                .hasMessageContaining(reason);
    }

    /** Larger than any payload Subject.Payload holds: refused by the parser all the same. */
    @Test
    void aPayloadOverTheLimitIsRefused() {
        assertThatThrownBy(() -> JarSignatureFilePayload.parse(new byte[JarSignatureFilePayload.MAX_BYTES + 1]))
                .isInstanceOf(FormatException.class)
                .hasMessage("a application/vnd.signet.jar-signature-file.v1+deflate payload is 1 to 1048576 bytes,"
                        + " got 1048577 (sign a jar this large with StartSigningJob)");
    }

    @Test
    void anotherPayloadFormatIsRefused() {
        assertThatThrownBy(() -> FORMAT.sign(
                        new SignRequest(
                                new Subject.Payload(
                                        "application/vnd.signet.lambda-zip-digest.v1+json", deflated(genuine)),
                                key,
                                new SignatureMetadata(
                                        NOW, NOW.plus(Duration.ofDays(1)), TestPki.ARN, Optional.empty())),
                        new ByteArrayOutputStream()))
                .isInstanceOf(FormatException.class)
                .hasMessage("jar signs application/vnd.signet.jar-signature-file.v1+deflate payloads, not"
                        + " application/vnd.signet.lambda-zip-digest.v1+json");
    }
}
