package dev.signet.core.format.lambdazip;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.format.ArtifactDigest;
import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.FormatException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Signs a Lambda zip where it lies: checks the zip as StartSigningJob does ({@link ZipLayout},
 * {@link ZipContents}, not already signed), sends its length and SHA-384 ({@link LambdaZipPayload}),
 * and embeds the signature block the server returns, after checking that the block states that
 * length and digest and that its ES384 signature verifies with the certificate it carries. The
 * signed zip is written by the same code as StartSigningJob's ({@link SignedZips}), so the two give
 * the same bytes for the same block. Default output: {@code NAME.signed.zip} next to {@code NAME.zip}.
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

    private record PreparedZip(Path zip, ZipLayout layout, LambdaZipPayload stated) implements Prepared {
        @Override
        public byte[] payload() {
            return stated.encode();
        }

        @Override
        public void finish(byte[] signature, OutputStream out) throws FormatException {
            LambdaZipToken.Parsed token = LambdaZipToken.parse(signature);
            String problem = LambdaZipFormat.blockProblem(token, stated.sha384(), stated.size());
            if (!problem.isEmpty()) {
                throw new FormatException("the server's signature block does not sign this zip: " + problem);
            }
            try {
                SignedZips.write(zip, layout, signature, out, stated.sha384());
            } catch (IOException e) {
                throw new FormatException("cannot read the zip or write the signed zip: " + e.getMessage(), e);
            }
        }
    }
}
