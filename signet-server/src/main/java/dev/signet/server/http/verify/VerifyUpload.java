package dev.signet.server.http.verify;

import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code multipart/form-data} verify request read from its body: the {@code request} JSON part,
 * the {@code artifact} part streamed to a temp file (at most {@link #MAX_ARTIFACT} bytes), and an
 * optional {@code signature} part (at most {@link #MAX_SIGNATURE} bytes). Refuses with a 400:
 * missing, duplicate and unknown parts, parts over their limits, an empty signature part and a
 * malformed body. Close it to delete the temp file; a failed read deletes it at once.
 */
final class VerifyUpload implements AutoCloseable {
    static final long MAX_ARTIFACT = 4L * 1024 * 1024 * 1024;
    static final int MAX_SIGNATURE = 1024 * 1024;

    private final VerifyRequest request;
    private final Path artifact;

    private VerifyUpload(VerifyRequest request, Path artifact) {
        this.request = request;
        this.artifact = artifact;
    }

    VerifyRequest request() {
        return request;
    }

    Path artifact() {
        return artifact;
    }

    /**
     * Reads the whole body (so the checks of a signed payload have run) into a temp file in {@code
     * tmpDir}.
     */
    static VerifyUpload read(InputStream body, String contentType, Path tmpDir) throws IOException {
        Path artifact = null;
        try {
            MultipartReader reader = new MultipartReader(body, MultipartReader.boundary(contentType));
            byte[] json = null;
            byte[] signature = null;
            for (Optional<MultipartReader.Part> part = reader.next(); part.isPresent(); part = reader.next()) {
                String name = part.get().name();
                switch (name) {
                    case "request" -> json = small(reader, json, name, VerifyRequest.MAX_JSON);
                    case "signature" -> signature = small(reader, signature, name, MAX_SIGNATURE);
                    case "artifact" -> {
                        if (artifact != null) {
                            throw duplicate(name);
                        }
                        artifact = Files.createTempFile(tmpDir, "artifact-", ".upload");
                        try (OutputStream out = Files.newOutputStream(artifact)) {
                            reader.copyContent(out, MAX_ARTIFACT);
                        } catch (PartTooLargeException e) {
                            throw ServiceException.validation("the 'artifact' part: " + e.getMessage());
                        }
                    }
                    default ->
                        throw ServiceException.validation("unknown part '" + Validation.printable(name)
                                + "'; a verify upload has the parts request, artifact and signature");
                }
            }
            if (json == null) {
                throw ServiceException.validation("the upload has no 'request' part");
            }
            if (artifact == null) {
                throw ServiceException.validation("the upload has no 'artifact' part");
            }
            VerifyRequest request = VerifyRequest.parse(json, VerifyRequest.Mode.UPLOAD);
            if (signature != null) {
                if (signature.length == 0) {
                    throw ServiceException.validation(
                            "the 'signature' part is empty; omit it for an embedded signature");
                }
                request = request.withSignature(signature);
            }
            VerifyUpload upload = new VerifyUpload(request, artifact);
            artifact = null;
            return upload;
        } catch (MultipartException e) {
            throw ServiceException.badRequest(e.getMessage());
        } finally {
            if (artifact != null) {
                Files.deleteIfExists(artifact);
            }
        }
    }

    private static byte[] small(MultipartReader reader, byte[] seen, String name, int limit) throws IOException {
        if (seen != null) {
            throw duplicate(name);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            reader.copyContent(out, limit);
        } catch (PartTooLargeException e) {
            throw ServiceException.validation("the '" + name + "' part: " + e.getMessage());
        }
        return out.toByteArray();
    }

    private static ServiceException duplicate(String name) {
        return ServiceException.validation("the upload has more than one '" + name + "' part");
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(Objects.requireNonNull(artifact));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
