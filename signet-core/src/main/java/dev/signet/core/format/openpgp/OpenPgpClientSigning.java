package dev.signet.core.format.openpgp;

import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureEvidence;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * Signs a file with OpenPGP where it lies: hashes it with SHA-256 up to its last whole 64-byte block
 * and sends that state with the at most 63 bytes after it ({@link OpenPgpDigestPayload}); the server
 * finishes the hash with the hashed part and trailer of the signature it makes. The answer, the
 * detached armored signature StartSigningJob writes, must verify over the file (the same check as
 * {@code verify}, on the state hashed here) before it is written as {@code FILE.asc}.
 */
public final class OpenPgpClientSigning implements ClientSigning {
    private static final String PLATFORM = "Signet-OpenPGP-SHA256";
    private static final int BUFFER = 1 << 16;

    @Override
    public Set<String> platformIds() {
        return Set.of(PLATFORM);
    }

    @Override
    public String payloadFormat(String platformId) {
        return OpenPgpDigestPayload.MEDIA_TYPE;
    }

    @Override
    public Path defaultOutput(Path artifact) {
        return artifact.resolveSibling(artifact.getFileName() + ".asc");
    }

    @Override
    public Prepared prepare(String platformId, Path artifact, LongConsumer progress) throws FormatException {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(progress, "progress");
        try (InputStream in = Files.newInputStream(artifact)) {
            long size = Files.size(artifact);
            long blocks = size - size % 64;
            SHA256Digest digest = new SHA256Digest();
            byte[] buffer = new byte[BUFFER];
            long done = 0;
            while (done < blocks) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, blocks - done));
                if (n < 0) {
                    throw new FormatException(artifact.getFileName() + " changed while it was read");
                }
                digest.update(buffer, 0, n);
                done += n;
                progress.accept(n);
            }
            byte[] tail = in.readNBytes((int) (size % 64));
            if (tail.length != size % 64 || in.read() >= 0) {
                throw new FormatException(artifact.getFileName() + " changed while it was read");
            }
            progress.accept(tail.length);
            OpenPgpDigestPayload stated = new OpenPgpDigestPayload(size, ResumedSha256.chainingValue(digest), tail);
            return new PreparedFile(stated);
        } catch (IOException e) {
            throw new FormatException("cannot read " + artifact.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private record PreparedFile(OpenPgpDigestPayload stated) implements Prepared {
        @Override
        public byte[] payload() {
            return stated.encode();
        }

        @Override
        public void finish(byte[] signature, OutputStream out) throws FormatException {
            SignatureEvidence evidence = OpenPgpSignatures.verify(OpenPgpFormat.ID, stated::document, signature);
            if (!evidence.intact()) {
                throw new FormatException(
                        "the server's signature does not sign this file: " + evidence.integrityDetail());
            }
            try {
                out.write(signature);
            } catch (IOException e) {
                throw new FormatException("cannot write the signature: " + e.getMessage(), e);
            }
        }
    }
}
