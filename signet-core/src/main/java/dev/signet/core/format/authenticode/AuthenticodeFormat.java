package dev.signet.core.format.authenticode;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.Subject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Embedded Authenticode signatures (PE executables and DLLs, MSI packages, PowerShell scripts),
 * made over the key backend: SHA-256, RSA (PKCS#1 v1.5) or ECDSA, the chain, and with
 * a timestamper an RFC 3161 token in Microsoft's unsigned attribute {@code 1.3.6.1.4.1.311.3.3.1}.
 * The kind of file is recognised by content ({@code MZ}, the OLE compound header, else UTF-8
 * script text), never by name. Refuses files that already carry a signature, malformed PE/MSI files
 * and digests. A never-signed PE is hashed once, its SignedData written by {@link PeSignedData}
 * (what jsign would write) and the file streamed to the output ({@link PeSigning}); other files
 * are signed by jsign in place on a temporary copy. Verifies the embedded PKCS#7: pass an empty signature. Layout in {@code
 * docs/formats.md}.
 *
 * <p>SignPayload (a Signet extension, {@link #payloadFormat}) signs a file's Authenticode digest alone
 * ({@link AuthenticodeDigestPayload}: kind {@code pe}, {@code msi} or {@code powershell}, SHA-256, 32
 * bytes, nothing else) into the SignedData the same code writes for a whole PE, around the
 * SpcIndirectDataContent rebuilt from the kind and those 32 bytes ({@link AuthenticodeIndirectData});
 * the client half ({@link AuthenticodeClientSigning}) embeds it. A SignedData alone verifies against
 * such a payload.
 */
public final class AuthenticodeFormat implements SignatureFormat {
    public static final String ID = "authenticode";

    /** Authenticode carries no signing time attribute; only a time-stamp token, when time-stamped. */
    @Override
    public boolean provesSigningTime() {
        return false;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> platformIds() {
        return Set.of("Signet-Authenticode-SHA256-RSA");
    }

    /** PE ({@code MZ}) or MSI (OLE compound file); scripts cannot be recognised by their head. */
    @Override
    public boolean detect(byte[] head) {
        return AuthenticodeFiles.kindOf(head)
                .filter(k -> k != AuthenticodeFiles.Kind.POWERSHELL)
                .isPresent();
    }

    /**
     * Whether the PE has a non-empty certificate table, the MSI a {@code DigitalSignature} stream,
     * the script a signature block; see {@link AuthenticodeSignatures}.
     */
    @Override
    public boolean detectEmbedded(Path artifact) {
        return AuthenticodeSignatures.present(artifact);
    }

    @Override
    public SignatureEvidence sign(SignRequest request, OutputStream out) throws FormatException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(out, "out");
        if (request.key().handle().algorithm() == KeyAlgorithm.ED25519) {
            throw new FormatException("authenticode signs with RSA or ECDSA keys, not Ed25519");
        }
        if (request.subject() instanceof Subject.Payload payload) {
            return signDigest(statedDigest(payload), request, out);
        }
        if (!(request.subject() instanceof Subject.File file)) {
            throw new FormatException("authenticode signs whole files or " + AuthenticodeDigestPayload.MEDIA_TYPE
                    + " payloads, not digests");
        }
        Path work = null;
        try {
            Optional<SignatureEvidence> plainPe = PeSigning.sign(request, file.path(), out);
            if (plainPe.isPresent()) {
                return plainPe.get();
            }
            work = Files.createTempFile(tempDir(file.path()), "signet-authenticode-", ".tmp");
            Files.copy(file.path(), work, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            AuthenticodeSigning.sign(request, work);
            SignatureEvidence self = verify(new Subject.File(work), new byte[0]);
            requireSound(request, self);
            Files.copy(work, out);
            return self;
        } catch (IOException e) {
            throw new FormatException("cannot write the signed file: " + e.getMessage(), e);
        } finally {
            if (work != null) {
                try {
                    Files.deleteIfExists(work);
                } catch (IOException ignored) {
                    // left in the job's work directory, which is cleaned at start
                }
            }
        }
    }

    /**
     * The Signet extension SignPayload takes on this platform: a file's Authenticode digest ({@link
     * AuthenticodeDigestPayload}), answered with the SignedData StartSigningJob embeds for that file.
     */
    @Override
    public Optional<String> payloadFormat() {
        return Optional.of(AuthenticodeDigestPayload.MEDIA_TYPE);
    }

    /** A payload's stated Authenticode SHA-256 digest, {@code authenticode-sha256:HEX}. */
    @Override
    public Optional<String> statedArtifactDigest(Subject subject) {
        try {
            return subject instanceof Subject.Payload payload
                    ? Optional.of("authenticode-sha256:"
                            + java.util.HexFormat.of()
                                    .formatHex(statedDigest(payload).digest()))
                    : Optional.empty();
        } catch (FormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The SignedData alone (DER) for a file of the stated kind and digest, written by the same code as a
     * whole PE's ({@link PeSignedData}) and checked the same way; the client embeds it ({@link
     * AuthenticodeClientSigning}).
     */
    private static SignatureEvidence signDigest(AuthenticodeDigestPayload stated, SignRequest request, OutputStream out)
            throws FormatException {
        PeSignedData.Signed signed = PeSignedData.signIndirect(
                request.key(), AuthenticodeIndirectData.of(stated.kind(), stated.digest()), request.timestamper());
        requireSound(request, signed.evidence());
        try {
            out.write(signed.der());
        } catch (IOException e) {
            throw new FormatException("cannot write the SignedData: " + e.getMessage(), e);
        }
        return signed.evidence();
    }

    private static AuthenticodeDigestPayload statedDigest(Subject.Payload payload) throws FormatException {
        if (!payload.mediaType().equals(AuthenticodeDigestPayload.MEDIA_TYPE)) {
            throw new FormatException(
                    ID + " signs " + AuthenticodeDigestPayload.MEDIA_TYPE + " payloads, not " + payload.mediaType());
        }
        return AuthenticodeDigestPayload.parse(payload.bytes());
    }

    /** The self-check: the signature verifies and, when a time-stamp was asked for, carries it. */
    static void requireSound(SignRequest request, SignatureEvidence self) throws FormatException {
        if (!self.intact()) {
            throw new FormatException(
                    "the Authenticode signature failed its own verification: " + self.integrityDetail());
        }
        if (request.timestamper().isPresent() && self.timestamp().isEmpty()) {
            throw new FormatException("the Authenticode signature lost its time-stamp token");
        }
    }

    @Override
    public SignatureEvidence verify(Subject subject, byte[] signature) throws FormatException {
        Objects.requireNonNull(subject, "subject");
        if (subject instanceof Subject.Payload payload) {
            return verifySignedData(statedDigest(payload), signature);
        }
        if (!(subject instanceof Subject.File file)) {
            throw new FormatException("an Authenticode signature is verified on the file, not a digest");
        }
        if (signature != null && signature.length > 0) {
            throw new FormatException("an Authenticode signature is embedded: pass an empty signature");
        }
        return AuthenticodeVerification.verify(file.path());
    }

    /**
     * A SignedData alone against the payload stating the file's kind and digest: intact only when it has the
     * shape Signet writes, signs exactly that digest's SpcIndirectDataContent, and its signature (and
     * time-stamp token, if any) verify with the certificate it carries.
     */
    private static SignatureEvidence verifySignedData(AuthenticodeDigestPayload stated, byte[] signedData)
            throws FormatException {
        if (signedData == null || signedData.length == 0) {
            throw new FormatException("authenticode needs the SignedData to verify a "
                    + AuthenticodeDigestPayload.MEDIA_TYPE + " payload");
        }
        return SignedPe.verifySignedData(signedData, AuthenticodeIndirectData.content(stated.kind(), stated.digest()))
                .orElseGet(() -> new SignatureEvidence(
                        ID,
                        false,
                        "the SignedData is not a valid Authenticode signature of this " + stated.kind() + " digest",
                        java.util.List.of(),
                        Optional.empty()));
    }

    private static Path tempDir(Path input) {
        Path parent = input.toAbsolutePath().getParent();
        return parent != null && Files.isWritable(parent) ? parent : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
