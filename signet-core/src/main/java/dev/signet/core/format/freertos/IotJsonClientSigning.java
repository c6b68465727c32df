package dev.signet.core.format.freertos;

import dev.signet.core.crypto.Digests;
import dev.signet.core.format.ArtifactDigest;
import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureEvidence;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * Signs a firmware image for the AWS IoT platforms where it lies: hashes it with the platform's hash
 * and sends its length and digest ({@link IotDigestPayload}); the server answers with the JSON
 * document StartSigningJob writes, without {@code payloadLocation} (and, on the embedded platforms,
 * without {@code payload}). The answer must be exactly that document for this length and digest,
 * its signature verifying with the certificate it carries; then the detached document is written
 * as it is, and an embedded one gets the image appended as {@code payload} by the same writer as
 * StartSigningJob's ({@link IotJsonWriter#embedded}), the image hashed again as it is copied. Default
 * output: {@code FILE.json}, as StartSigningJob's object key ends.
 */
public final class IotJsonClientSigning implements ClientSigning {
    private static final Map<String, IotJsonFormat> FORMATS =
            List.of(new FreeRtosFormat(), new IotDetachedFormat(), new TiCc3220sfFormat()).stream()
                    .flatMap(f -> f.platformIds().stream().map(p -> Map.entry(p, f)))
                    .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    @Override
    public Set<String> platformIds() {
        return FORMATS.keySet();
    }

    @Override
    public String payloadFormat(String platformId) {
        return IotDigestPayload.MEDIA_TYPE;
    }

    @Override
    public Path defaultOutput(Path artifact) {
        return artifact.resolveSibling(artifact.getFileName() + ".json");
    }

    @Override
    public Prepared prepare(String platformId, Path artifact, LongConsumer progress) throws FormatException {
        Objects.requireNonNull(artifact, "artifact");
        IotJsonFormat format = FORMATS.get(platformId);
        if (format == null) {
            throw new IllegalArgumentException("not an IoT JSON platform: " + platformId);
        }
        if (format.embedded() && format.detectEmbedded(artifact)) {
            throw new FormatException("the file is already a signed " + format.id() + " document");
        }
        ArtifactDigest hashed = ArtifactDigest.of(format.hash(), artifact, progress);
        return new PreparedImage(format, artifact, new IotDigestPayload(hashed.size(), format.hash(), hashed.digest()));
    }

    private record PreparedImage(IotJsonFormat format, Path artifact, IotDigestPayload stated) implements Prepared {
        @Override
        public byte[] payload() {
            return stated.encode();
        }

        @Override
        public void finish(byte[] signature, OutputStream out) throws FormatException {
            SignatureEvidence evidence = format.verifyStated(stated, signature);
            if (!evidence.intact()) {
                throw new FormatException(
                        "the server's document does not sign this file: " + evidence.integrityDetail());
            }
            String head = head(signature);
            try {
                if (!format.embedded()) {
                    out.write(signature);
                    return;
                }
                MessageDigest copied = Digests.newDigest(format.hash());
                long written = IotJsonWriter.embedded(head, artifact, copied, out);
                if (written != stated.size() || !MessageDigest.isEqual(copied.digest(), stated.digest())) {
                    throw new FormatException(artifact.getFileName() + " changed while it was signed");
                }
            } catch (IOException e) {
                throw new FormatException("cannot read the file or write the signature: " + e.getMessage(), e);
            }
        }

        /**
         * The document up to its closing brace, once it is known to be exactly the canonical document
         * without {@code payloadLocation} (regenerated from what it states and compared).
         */
        private String head(byte[] signature) throws FormatException {
            IotJsonDocument doc;
            try {
                doc = IotJsonDocument.readHead(new IotJsonReader(signature));
            } catch (IOException e) {
                throw new FormatException("cannot read the server's document: " + e.getMessage(), e);
            }
            List<String> chain;
            try {
                chain = doc.chain().stream().map(encoded()).toList();
            } catch (IllegalStateException e) {
                throw new FormatException("the server's document carries a certificate that cannot be encoded");
            }
            String head = IotJsonWriter.head(doc.rawPayloadSize(), doc.signature(), doc.algorithm(), chain);
            byte[] expected = (head + "}").getBytes(StandardCharsets.US_ASCII);
            if (!Arrays.equals(expected, signature)) {
                throw new FormatException("the server's document is not the document without payloadLocation"
                        + " that this platform signs");
            }
            return head;
        }

        private static Function<java.security.cert.X509Certificate, String> encoded() {
            return c -> {
                try {
                    return java.util.Base64.getEncoder().encodeToString(c.getEncoded());
                } catch (java.security.cert.CertificateEncodingException e) {
                    throw new IllegalStateException(e);
                }
            };
        }
    }
}
