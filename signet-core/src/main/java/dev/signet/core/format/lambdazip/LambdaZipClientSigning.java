package dev.signet.core.format.lambdazip;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.format.ArtifactDigest;
import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.FormatException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.LongConsumer;

/**
 * Signs a Lambda zip where it lies: checks the zip as StartSigningJob does ({@link ZipLayout},
 * {@link ZipContents}, not already signed), sends its length and SHA-384 ({@link LambdaZipPayload}),
 * and embeds the signature block the server returns, after checking that the block states that
 * length and digest and that its ES384 signature verifies with the certificate it carries. The
 * signed zip is written by the same code as StartSigningJob's ({@link SignedZips}), so the two give
 * the same bytes for the same block. Given the output ({@code prepare} with a channel, as {@code signet
 * sign} does), the zip is read once: copied there as it is hashed, its entries checked meanwhile on
 * another thread, and the signature written into that copy. Default output: {@code NAME.signed.zip} next to {@code NAME.zip}.
 */
public final class LambdaZipClientSigning implements ClientSigning {
    private static final String PLATFORM = "AWSLambda-SHA384-ECDSA";

    @Override
    public Set<String> platformIds() {
        return Set.of(PLATFORM);
    }

    @Override
    public String payloadFormat(String platformId) {
        return LambdaZipPayload.MEDIA_TYPE;
    }

    @Override
    public Path defaultOutput(Path artifact) {
        String name = artifact.getFileName().toString();
        String stem =
                name.toLowerCase(java.util.Locale.ROOT).endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
        return artifact.resolveSibling(stem + ".signed.zip");
    }

    @Override
    public boolean embedsInArtifact() {
        return true;
    }

    @Override
    public Prepared prepare(String platformId, Path artifact, LongConsumer progress) throws FormatException {
        Objects.requireNonNull(artifact, "artifact");
        ZipLayout layout = LambdaZipFormat.checkedLayout(artifact);
        ArtifactDigest digest = ArtifactDigest.of(HashAlgorithm.SHA384, artifact, progress);
        if (digest.size() != layout.size()) {
            throw new FormatException("the zip changed while it was read");
        }
        return new PreparedZip(artifact, layout, new LambdaZipPayload(digest.size(), digest.digest()));
    }

    /**
     * Reads the zip once: its SHA-384 is taken as it is copied into {@code output} ({@link HashedCopy}),
     * while another thread checks its entries ({@link ZipContents}, reading what the copy just brought
     * into the page cache); the layout is then read back from the copy and must be the one checked,
     * and the zip's size and modification time must not have moved meanwhile.
     */
    @Override
    public Prepared prepare(String platformId, Path artifact, LongConsumer progress, FileChannel output)
            throws FormatException {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(output, "output");
        FileState before = FileState.of(artifact);
        ZipLayout layout = LambdaZipFormat.unsignedLayout(artifact);
        FutureTask<Void> contents = new FutureTask<>(() -> {
            try (FileChannel in = FileChannel.open(artifact, StandardOpenOption.READ)) {
                ZipContents.check(in, layout);
            }
            return null;
        });
        Thread checker = new Thread(contents, "signet-zip-contents");
        checker.setDaemon(true);
        checker.start();
        ArtifactDigest digest;
        ZipLayout copied;
        try {
            digest = HashedCopy.copy(artifact, output, progress);
            await(contents);
            copied = ZipLayout.read(output);
        } catch (IOException e) {
            throw new FormatException("cannot read the zip or write its copy: " + e.getMessage(), e);
        } finally {
            contents.cancel(true);
        }
        if (!copied.sameAs(layout) || digest.size() != layout.size() || !before.equals(FileState.of(artifact))) {
            throw new FormatException("the zip changed while it was read");
        }
        return new CopiedZip(copied, new LambdaZipPayload(digest.size(), digest.digest()));
    }

    private static void await(FutureTask<Void> contents) throws FormatException, IOException {
        try {
            contents.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the zip's entries were checked", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FormatException f) {
                throw new FormatException(f.getMessage(), f);
            }
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** A file's size and modification time, to notice a file rewritten while it was read. */
    private record FileState(long size, FileTime modified) {
        static FileState of(Path file) throws FormatException {
            try {
                return new FileState(Files.size(file), Files.getLastModifiedTime(file));
            } catch (IOException e) {
                throw new FormatException("cannot read the zip: " + e.getMessage(), e);
            }
        }
    }

    /** Checks the server's block against what was sent; why it does not sign the zip, thrown. */
    private static void checkBlock(byte[] signature, LambdaZipPayload stated) throws FormatException {
        LambdaZipToken.Parsed token = LambdaZipToken.parse(signature);
        String problem = LambdaZipFormat.blockProblem(token, stated.sha384(), stated.size());
        if (!problem.isEmpty()) {
            throw new FormatException("the server's signature block does not sign this zip: " + problem);
        }
    }

    /** A zip copied into the output as it was hashed: finishing writes the signature into the copy. */
    private record CopiedZip(ZipLayout layout, LambdaZipPayload stated) implements Prepared {
        @Override
        public byte[] payload() {
            return stated.encode();
        }

        @Override
        public void finish(byte[] signature, OutputStream out) {
            throw new IllegalStateException("a zip prepared into its output is finished into that output");
        }

        @Override
        public void finish(byte[] signature, FileChannel output) throws FormatException {
            checkBlock(signature, stated);
            try {
                SignedZips.complete(output, layout, signature);
            } catch (IOException e) {
                throw new FormatException("cannot write the signed zip: " + e.getMessage(), e);
            }
        }
    }

    private record PreparedZip(Path zip, ZipLayout layout, LambdaZipPayload stated) implements Prepared {
        @Override
        public byte[] payload() {
            return stated.encode();
        }

        @Override
        public void finish(byte[] signature, OutputStream out) throws FormatException {
            checkBlock(signature, stated);
            try {
                SignedZips.write(zip, layout, signature, out, stated.sha384());
            } catch (IOException e) {
                throw new FormatException("cannot read the zip or write the signed zip: " + e.getMessage(), e);
            }
        }
    }
}
