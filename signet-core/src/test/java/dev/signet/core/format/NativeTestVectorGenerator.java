package dev.signet.core.format;

import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.authenticode.AuthenticodeFormat;
import dev.signet.core.format.authenticode.TestPe;
import dev.signet.core.format.jar.JarFormat;
import dev.signet.core.format.jar.TestJars;
import dev.signet.core.format.openpgp.OpenPgpFormat;
import dev.signet.core.format.openpgp.OpenPgpKeys;
import dev.signet.core.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Writes the committed authenticode, jar and openpgp test vectors (not a test; run by hand with
 * {@code main} from the repository root). Keys are fresh on each run, so each run gives a new,
 * equally valid vector; {@code AuthenticodeTestVectorTest}, {@code JarTestVectorTest} and {@code
 * OpenPgpTestVectorTest} check whichever is committed. No time-stamp: the vectors check with a
 * fixed clock, and the leaf certificate is valid for ten years.
 */
public final class NativeTestVectorGenerator {
    private NativeTestVectorGenerator() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "signet-core/src/test/resources/vectors");
        Path work = Files.createTempDirectory("signet-vector");
        TestPki pki = new TestPki(work);
        Instant signingTime = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant notBefore = signingTime.minus(Duration.ofMinutes(10));
        Instant notAfter = signingTime.plus(Duration.ofDays(3650));
        SignatureMetadata metadata = new SignatureMetadata(signingTime, notAfter, TestPki.ARN, Optional.empty());
        String expected = "signingTime=" + signingTime + "\nverifyAt=" + signingTime.plus(Duration.ofDays(1))
                + "\nexpiresAt=" + notAfter + "\n";
        String rootPem = Pem.encode(pki.root());

        Path authenticode = Files.createDirectories(root.resolve("authenticode"));
        Path exe = Files.write(authenticode.resolve("hello.exe"), TestPe.build());
        SigningKey rsa = pki.signingKey(KeyAlgorithm.RSA_3072, notBefore, notAfter);
        sign(new AuthenticodeFormat(), rsa, exe, metadata, authenticode.resolve("hello.signed.exe"));
        Files.writeString(authenticode.resolve("root.pem"), rootPem, StandardCharsets.US_ASCII);
        Files.writeString(authenticode.resolve("expected.properties"), expected);

        Path jar = Files.createDirectories(root.resolve("jar"));
        Path app = TestJars.write(jar.resolve("app.jar"));
        SigningKey ec = pki.signingKey(KeyAlgorithm.ECDSA_P256, notBefore, notAfter);
        sign(new JarFormat(), ec, app, metadata, jar.resolve("app.signed.jar"));
        Files.writeString(jar.resolve("root.pem"), rootPem, StandardCharsets.US_ASCII);
        Files.writeString(jar.resolve("expected.properties"), expected);

        Path pgp = Files.createDirectories(root.resolve("openpgp"));
        Path release = Files.writeString(pgp.resolve("release.txt"), "Signet OpenPGP test vector release\n");
        SigningKey pgpKey = pki.signingKey(KeyAlgorithm.RSA_3072, notBefore, notAfter);
        sign(new OpenPgpFormat(), pgpKey, release, metadata, pgp.resolve("release.txt.asc"));
        Files.writeString(pgp.resolve("public-key.asc"), OpenPgpKeys.armoredPublicKey(pgpKey));
        Files.writeString(pgp.resolve("root.pem"), rootPem, StandardCharsets.US_ASCII);
        Files.writeString(pgp.resolve("expected.properties"), expected);
    }

    private static void sign(SignatureFormat format, SigningKey key, Path input, SignatureMetadata metadata, Path out)
            throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        format.sign(new SignRequest(new Subject.File(input), key, metadata), bytes);
        Files.write(out, bytes.toByteArray());
    }
}
