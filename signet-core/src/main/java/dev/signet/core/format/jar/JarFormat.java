package dev.signet.core.format.jar;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.Subject;
import dev.signet.core.format.cms.CmsSignatureBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A signed JAR (JAR File Specification, "Signed JAR File"): the input jar with {@code
 * META-INF/SIGNET.SF} and {@code META-INF/SIGNET.EC} (a PKCS#7 SignedData as the JDK's jarsigner
 * writes it, SHA-256 digests, ECDSA P-256 through the key backend), and, with a timestamper, an RFC
 * 3161 token as the SignerInfo's unsigned attribute. Plain jars are signed by {@link JarSigning}
 * (entries copied compressed, self-checked from the block; a zip comment kept); others (zip64, prefixes) by the
 * JDK's {@link jdk.security.jarsigner.JarSigner} and verified whole. Signs files, or, for a jar
 * signed where it lies ({@link JarClientSigning}), its signature file sent as a SignPayload payload
 * ({@link JarSignatureFilePayload}); refuses a jar that is already signed and anything that is not
 * a readable zip.
 * Verifies the signed jar itself: pass an empty signature. Layout in {@code docs/formats.md}.
 */
public final class JarFormat implements SignatureFormat {
    public static final String ID = "jar";
    static final String SIGNER_NAME = "SIGNET";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> platformIds() {
        return Set.of("Signet-JAR-SHA256-ECDSA");
    }

    /**
     * The Signet extension SignPayload takes on this platform: the jar's signature file, deflated
     * ({@link JarSignatureFilePayload}), answered with the signature block StartSigningJob embeds
     * for that jar.
     */
    @Override
    public Optional<String> payloadFormat() {
        return Optional.of(JarSignatureFilePayload.MEDIA_TYPE);
    }

    /** A signature file lists every entry: larger than AWS's 4096 bytes for all but small jars. */
    @Override
    public int maxPayloadBytes() {
        return JarSignatureFilePayload.MAX_BYTES;
    }

    /**
     * A zip whose first local entry is {@code META-INF/} or {@code META-INF/MANIFEST.MF}, as JarSigner
     * writes it: other zips (function packages) are not claimed.
     */
    @Override
    public boolean detect(byte[] head) {
        if (head == null || head.length < 30 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
            return false;
        }
        int nameLength = (head[26] & 0xff) | (head[27] & 0xff) << 8;
        if (head.length < 30 + nameLength) {
            return false;
        }
        String name = new String(head, 30, nameLength, StandardCharsets.UTF_8);
        return name.equals("META-INF/") || name.equals("META-INF/MANIFEST.MF");
    }

    /** Whether the jar carries a {@code META-INF/*.SF} with its {@code .RSA/.EC/.DSA} block. */
    @Override
    public boolean detectEmbedded(Path artifact) {
        return JarSignatureBlocks.present(artifact);
    }

    /**
     * Signs a whole jar into the signed jar, or a {@link #payloadFormat} payload into the signature
     * block for its signature file: the signature file is read back strictly and rebuilt by the
     * code that writes it for a jar ({@link SignatureFile}), and it is those bytes that are signed.
     */
    @Override
    public SignatureEvidence sign(SignRequest request, OutputStream out) throws FormatException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(out, "out");
        if (request.subject() instanceof Subject.Payload payload) {
            return signSignatureFile(request, signatureFile(payload), out);
        }
        if (!(request.subject() instanceof Subject.File file)) {
            throw new FormatException(
                    "jar signs whole JAR files or " + JarSignatureFilePayload.MEDIA_TYPE + " payloads, not digests");
        }
        KeyAlgorithm algorithm = request.key().handle().algorithm();
        if (algorithm == KeyAlgorithm.ED25519) {
            throw new FormatException("jar signs with ECDSA or RSA keys, not Ed25519");
        }
        try {
            Optional<SignatureEvidence> direct = JarSigning.sign(request, file.path(), out);
            return direct.isPresent() ? direct.get() : signWithJarSigner(request, file.path(), out);
        } catch (IOException e) {
            throw new FormatException("cannot write the signed JAR: " + e.getMessage(), e);
        }
    }

    private static SignatureEvidence signSignatureFile(SignRequest request, byte[] signatureFile, OutputStream out)
            throws FormatException {
        KeyAlgorithm algorithm = request.key().handle().algorithm();
        if (algorithm == KeyAlgorithm.ED25519) {
            throw new FormatException("jar signs with ECDSA or RSA keys, not Ed25519");
        }
        CmsSignatureBuilder.Signed block = JarSignatureBlock.build(
                request.key(), signatureFile, request.metadata().signingTime(), request.timestamper());
        SignatureEvidence evidence = JarSigning.selfCheck(request, block);
        try {
            out.write(block.der());
        } catch (IOException e) {
            throw new FormatException("cannot write the signature block: " + e.getMessage(), e);
        }
        return evidence;
    }

    /** The signature file a payload carries, rebuilt from what was read from it. */
    private static byte[] signatureFile(Subject.Payload payload) throws FormatException {
        if (!payload.mediaType().equals(JarSignatureFilePayload.MEDIA_TYPE)) {
            throw new FormatException(
                    ID + " signs " + JarSignatureFilePayload.MEDIA_TYPE + " payloads, not " + payload.mediaType());
        }
        return JarSignatureFilePayload.parse(payload.bytes()).signatureFile().render();
    }

    /**
     * The jar's SHA-256 a {@link #payloadFormat} payload states after its stream ({@code sha256:HEX};
     * {@link JarSignatureFilePayload}); empty for a payload without it (older clients) and for one
     * the format refuses.
     */
    @Override
    public Optional<String> statedArtifactDigest(Subject subject) {
        if (!(subject instanceof Subject.Payload payload)) {
            return SignatureFormat.super.statedArtifactDigest(subject);
        }
        if (!payload.mediaType().equals(JarSignatureFilePayload.MEDIA_TYPE)) {
            return Optional.empty();
        }
        try {
            return JarSignatureFilePayload.parse(payload.bytes()).artifactDigest();
        } catch (FormatException e) {
            return Optional.empty();
        }
    }

    /** The {@link JarSignerFallback} path: signs to a temp file, verifies it whole, then copies it. */
    private SignatureEvidence signWithJarSigner(SignRequest request, Path input, OutputStream out)
            throws FormatException, IOException {
        Path signed = Files.createTempFile(tempDir(input), "signet-jar-", ".tmp");
        try {
            JarSignerFallback.sign(request, input, signed);
            SignatureEvidence self = verify(new Subject.File(signed), new byte[0]);
            if (!self.intact()) {
                throw new FormatException("the signed JAR failed its own verification: " + self.integrityDetail());
            }
            if (request.timestamper().isPresent() && self.timestamp().isEmpty()) {
                throw new FormatException("the signed JAR lost its time-stamp token");
            }
            Files.copy(signed, out);
            return self;
        } finally {
            try {
                Files.deleteIfExists(signed);
            } catch (IOException ignored) {
                // a temp file left in the work directory is removed with it
            }
        }
    }

    /**
     * Verifies a signed jar (a file, with an empty signature), or a signature block against the
     * {@link #payloadFormat} payload it was made for ({@link AnsweredBlock}).
     */
    @Override
    public SignatureEvidence verify(Subject subject, byte[] signature) throws FormatException {
        Objects.requireNonNull(subject, "subject");
        if (subject instanceof Subject.Payload payload) {
            byte[] signatureFile = signatureFile(payload);
            if (signature == null || signature.length == 0) {
                throw new FormatException(
                        "jar needs the signature block to verify a " + JarSignatureFilePayload.MEDIA_TYPE + " payload");
            }
            return AnsweredBlock.check(signature, signatureFile);
        }
        if (!(subject instanceof Subject.File file)) {
            throw new FormatException("a signed JAR is verified as a file, not a digest");
        }
        if (signature != null && signature.length > 0) {
            throw new FormatException("a JAR signature is embedded: pass an empty signature");
        }
        return JarVerification.verify(file.path());
    }

    private static Path tempDir(Path input) {
        Path parent = input.toAbsolutePath().getParent();
        return parent != null && Files.isWritable(parent) ? parent : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
