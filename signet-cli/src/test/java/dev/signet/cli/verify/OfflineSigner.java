package dev.signet.cli.verify;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.crypto.software.SoftwareKeyBackend;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.revocation.RevocationList;
import dev.signet.core.revocation.SignedRevocationList;
import dev.signet.core.revocation.TrustBundle;
import dev.signet.core.tsa.TimestampAuthority;
import dev.signet.core.tsa.Timestamper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** A CA and a code-signing key made with signet-core alone, to sign files without a server. */
final class OfflineSigner {
    static final String PLATFORM = "Signet-CMS-SHA256-ECDSA";
    private static final String ARN = "arn:aws:signer:us-east-1:000000000000:/signing-profiles/offline/ABCDE12345";

    private final CertificateAuthority ca;
    private final SigningKey key;
    private final TimestampAuthority tsa;

    OfflineSigner(Path dir) throws Exception {
        this(dir, KeyAlgorithm.ECDSA_P256);
    }

    /** A signer whose key is {@code algorithm} (ECDSA P-384 for the Lambda platform). */
    OfflineSigner(Path dir, KeyAlgorithm algorithm) throws Exception {
        SoftwareKeyBackend keys =
                new SoftwareKeyBackend(MasterKey.loadOrCreate(dir.resolve("master.key")), dir.resolve("keys"));
        ca = CertificateAuthority.openOrCreate(dir.resolve("ca"), keys, "Signet CLI test");
        KeyHandle handle = keys.generate(algorithm);
        Instant now = Instant.now();
        X509Certificate leaf = ca.issueCodeSigning(
                keys.publicKey(handle),
                "offline",
                ARN,
                now.minus(Duration.ofMinutes(5)),
                now.plus(Duration.ofDays(30)));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        chain.addAll(ca.issuingChain());
        key = new SigningKey(keys, handle, chain);
        tsa = TimestampAuthority.openOrCreate(dir.resolve("tsa"), keys, ca, Clock.systemUTC());
    }

    /** Signs {@code file} in the detached CMS format and returns the signature bytes. */
    byte[] sign(Path file) throws Exception {
        return sign(file, PLATFORM);
    }

    /** Signs {@code file} in the format of {@code platform} and returns that format's output. */
    byte[] sign(Path file, String platform) throws Exception {
        return sign(file, platform, Optional.empty());
    }

    /** Signs {@code file} in the detached CMS format with a token from this CA's time-stamp authority. */
    byte[] signTimestamped(Path file) throws Exception {
        return sign(file, PLATFORM, Optional.of(tsa));
    }

    private byte[] sign(Path file, String platform, Optional<Timestamper> timestamper) throws Exception {
        SignatureFormat format = SignatureFormats.forPlatform(platform).orElseThrow();
        Instant now = Instant.now();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.sign(
                new SignRequest(
                        new Subject.File(file),
                        key,
                        new SignatureMetadata(now, now.plus(Duration.ofDays(30)), ARN, Optional.empty()),
                        timestamper),
                out);
        return out.toByteArray();
    }

    /** The profile version ARN its certificate names. */
    static String profileVersionArn() {
        return ARN;
    }

    /** Writes a trust bundle of this CA: its root, an empty revocation list valid for 7 days. */
    Path writeTrustBundle(Path file) throws Exception {
        Instant now = Instant.now();
        RevocationList list = new RevocationList(now, now.plus(Duration.ofDays(7)), List.of(), List.of());
        SigningKey caKey = ca.issuingKey();
        TrustBundle bundle = new TrustBundle(
                List.of(ca.root()), List.of(), list, SignedRevocationList.sign(list, caKey), List.of(), now);
        Files.write(file, bundle.encode(caKey));
        return file;
    }

    /** Writes the root certificate as PEM. */
    Path writeRoot(Path file) throws Exception {
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(ca.root().getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        return file;
    }
}
