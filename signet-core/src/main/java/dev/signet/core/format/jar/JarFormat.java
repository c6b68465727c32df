package dev.signet.core.format.jar;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.Subject;
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
 * (entries copied compressed, self-checked from the block); others (zip64, comments, prefixes) by the
 * JDK's {@link jdk.security.jarsigner.JarSigner} and verified whole. Signs files only (a jar is
 * needed whole), refuses a jar that is already signed and anything that is not a readable zip.
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

    @Override
    public SignatureEvidence sign(SignRequest request, OutputStream out) throws FormatException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(out, "out");
        if (!(request.subject() instanceof Subject.File file)) {
            throw new FormatException("jar signs whole JAR files, not digests");
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

    @Override
    public SignatureEvidence verify(Subject subject, byte[] signature) throws FormatException {
        Objects.requireNonNull(subject, "subject");
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
