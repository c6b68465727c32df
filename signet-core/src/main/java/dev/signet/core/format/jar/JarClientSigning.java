package dev.signet.core.format.jar;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureEvidence;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.zip.ZipFile;

/**
 * Signs a jar where it lies: refuses what StartSigningJob refuses (a jar already signed, one that is
 * not a readable zip) and the jars only its JarSigner path signs (zip64, data before the first
 * entry), then makes pass one of {@link JarSigning} (every entry inflated once and hashed, the
 * manifest and signature file built by {@link JarManifest}; a zip comment is kept), sends the
 * signature file deflated followed by the jar's SHA-256 ({@link JarSignatureFilePayload}: entry
 * names and digests, no content; the digest is what the job records), checks the block the
 * server returns ({@link AnsweredBlock}: the shape Signet writes, a messageDigest over exactly this
 * signature file, a signature value that verifies with the carried certificate's key, the
 * time-stamp token), and writes the signed jar with pass two of {@link JarSigning}, copying the
 * entries raw and refusing any whose bytes changed since pass one. So the output is the jar
 * StartSigningJob writes for the same block. Default output: {@code NAME.signed.jar} beside {@code
 * NAME.jar}.
 */
public final class JarClientSigning implements ClientSigning {
    private static final String PLATFORM = "Signet-JAR-SHA256-ECDSA";
    /** What a block takes at most when sizing the output before it exists (certificates and a token). */
    private static final int BLOCK_ESTIMATE = 64 * 1024;

    @Override
    public Set<String> platformIds() {
        return Set.of(PLATFORM);
    }

    @Override
    public String payloadFormat(String platformId) {
        return JarSignatureFilePayload.MEDIA_TYPE;
    }

    @Override
    public Path defaultOutput(Path artifact) {
        String name = artifact.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".jar") ? name.substring(0, name.length() - 4) : name;
        return artifact.resolveSibling(stem + ".signed.jar");
    }

    @Override
    public boolean embedsInArtifact() {
        return true;
    }

    @Override
    public Prepared prepare(String platformId, Path artifact, LongConsumer progress) throws FormatException {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(progress, "progress");
        if (JarSignatureBlocks.present(artifact)) {
            throw new FormatException("the JAR is already signed (it carries a " + JarFormat.ID
                    + " signature); sign the original artifact instead");
        }
        try (JarSigning.OpenJar jar = open(artifact)) {
            MessageDigest fileDigest = Digests.newDigest(HashAlgorithm.SHA256);
            jar.reader().hashFile(fileDigest);
            long[] hashed = {0};
            JarSigning.Plan plan = JarSigning.plan(jar, n -> {
                        hashed[0] += n;
                        progress.accept(n);
                    })
                    .orElseThrow(() -> needsJarSigner(artifact));
            progress.accept(Math.max(0, plan.fileSize() - hashed[0])); // headers and central directory: read too
            if (!plan.fits(BLOCK_ESTIMATE)) {
                throw new FormatException("the signed JAR would need zip64: sign it with StartSigningJob");
            }
            Optional<byte[]> inPassOne = jar.reader().fileDigest(plan.fileSize());
            byte[] jarSha256 = inPassOne.isPresent() ? inPassOne.get() : sha256(artifact, plan);
            byte[] payload = JarSignatureFilePayload.encode(plan.signatureFile(), jarSha256);
            if (payload.length > JarSignatureFilePayload.MAX_BYTES) {
                throw new FormatException("its signature file (" + plan.copies().size() + " entries) deflates to "
                        + payload.length + " bytes, more than the " + JarSignatureFilePayload.MAX_BYTES
                        + " SignPayload takes: sign it with StartSigningJob");
            }
            return new PreparedJar(artifact, plan, payload);
        } catch (IOException e) {
            throw new FormatException("cannot read the JAR: " + JarSigning.oneLine(e), e);
        }
    }

    /**
     * The jar's SHA-256, which the payload states for the job's record, when pass one read its
     * entries out of file order (so could not hash it on the way): read once more, in order, and
     * refused if it is not the jar pass one read.
     */
    private static byte[] sha256(Path artifact, JarSigning.Plan plan) throws IOException, FormatException {
        MessageDigest digest = Digests.newDigest(HashAlgorithm.SHA256);
        long read = 0;
        try (InputStream in = Files.newInputStream(artifact)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
                read += n;
            }
        }
        if (read != plan.fileSize()) {
            throw new FormatException("the JAR changed while it was read");
        }
        return digest.digest();
    }

    private static JarSigning.OpenJar open(Path artifact) throws FormatException, IOException {
        return JarSigning.open(artifact).orElseThrow(() -> needsJarSigner(artifact));
    }

    /** Why a jar {@link JarSigning} does not lay out is not signed here: not a zip, or one only JarSigner signs. */
    private static FormatException needsJarSigner(Path artifact) {
        try (ZipFile zip = new ZipFile(artifact.toFile())) {
            return new FormatException("only StartSigningJob signs this JAR (it is not a plain zip: zip64, data"
                    + " before the first entry or after the end record, or headers the JDK reads differently)");
        } catch (IOException | IllegalArgumentException e) {
            return new FormatException("not a readable JAR: " + JarSigning.oneLine(e), e);
        }
    }

    private record PreparedJar(Path jar, JarSigning.Plan plan, byte[] stated) implements Prepared {
        @Override
        public byte[] payload() {
            return stated.clone();
        }

        @Override
        public void finish(byte[] signature, OutputStream out) throws FormatException {
            SignatureEvidence checked = AnsweredBlock.check(signature, plan.signatureFile());
            if (!checked.intact()) {
                throw new FormatException(
                        "the server's signature block does not sign this jar: " + checked.integrityDetail());
            }
            Optional<KeyAlgorithm> key =
                    KeyAlgorithm.of(checked.chain().get(0).getPublicKey()).filter(k -> k != KeyAlgorithm.ED25519);
            Instant signingTime = checked.signingTime().orElseThrow();
            if (key.isEmpty() || !plan.fits(signature.length)) {
                throw new FormatException("the server's signature block cannot go into this jar");
            }
            Optional<JarSigning.OpenJar> opened;
            try {
                opened = JarSigning.open(jar);
            } catch (IOException e) {
                throw new FormatException("cannot read the JAR: " + JarSigning.oneLine(e), e);
            }
            try (JarSigning.OpenJar reopened =
                    opened.orElseThrow(() -> new FormatException("the JAR changed while it was signed"))) {
                if (reopened.channel().size() != plan.fileSize()
                        || reopened.directory().centralOffset() != plan.centralOffset()) {
                    throw new FormatException("the JAR changed while it was signed");
                }
                JarSigning.write(
                        reopened.reader(), plan, JarSignatureBlock.entryName(key.get()), signature, signingTime, out);
            } catch (IOException e) {
                throw new FormatException("cannot read the JAR or write the signed JAR: " + e.getMessage(), e);
            }
        }
    }
}
