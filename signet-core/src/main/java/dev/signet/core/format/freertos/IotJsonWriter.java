package dev.signet.core.format.freertos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.core.format.ArtifactLocation;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/** Writes the canonical JSON of the AWS IoT formats; the exact layout is in {@code docs/formats.md}. */
final class IotJsonWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUFFER = 1 << 16;

    private IotJsonWriter() {}

    /** Everything up to (not including) the payload or payloadLocation member. */
    static String head(long rawPayloadSize, byte[] signature, String algorithm, List<String> chain) {
        StringBuilder sb = new StringBuilder("{\"rawPayloadSize\":")
                .append(rawPayloadSize)
                .append(",\"signature\":\"")
                .append(Base64.getEncoder().encodeToString(signature))
                .append("\",\"signatureAlgorithm\":\"")
                .append(algorithm)
                .append("\",\"certificateChain\":[");
        for (int i = 0; i < chain.size(); i++) {
            sb.append(i == 0 ? "\"" : ",\"").append(chain.get(i)).append('"');
        }
        return sb.append(']').toString();
    }

    /**
     * The embedded document: head, then the artifact as base64 (streamed), then the end. The artifact's
     * bytes also go to {@code copied}; returns how many there were.
     */
    static long embedded(String head, Path artifact, MessageDigest copied, OutputStream out) throws IOException {
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(",\"payload\":\"".getBytes(StandardCharsets.US_ASCII));
        long size = 0;
        try (SeekableByteChannel channel = Files.newByteChannel(artifact);
                InputStream in = Channels.newInputStream(channel);
                OutputStream encoder = Base64.getEncoder().wrap(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                })) {
            // a small file needs no 64 KiB buffer (clearing one cost more than encoding a few KiB)
            byte[] buffer = new byte[(int) Math.min(BUFFER, channel.size() + 1)];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                copied.update(buffer, 0, n);
                encoder.write(buffer, 0, n);
                size += n;
            }
        }
        out.write("\"}".getBytes(StandardCharsets.US_ASCII));
        return size;
    }

    /** The detached document: head, the optional payloadLocation, the end. */
    static byte[] detached(String head, java.util.Optional<ArtifactLocation> location) throws IOException {
        StringBuilder sb = new StringBuilder(head);
        if (location.isPresent()) {
            sb.append(",\"payloadLocation\":").append(new String(location(location.get()), StandardCharsets.UTF_8));
        }
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code {"s3":{"bucketName":...,"key":...[,"version":...]}}}, compact, in this order. */
    static byte[] location(ArtifactLocation location) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode s3 = root.putObject("s3");
        s3.put("bucketName", location.bucketName());
        s3.put("key", location.key());
        location.version().ifPresent(v -> s3.put("version", v));
        return JSON.writeValueAsBytes(root);
    }
}
