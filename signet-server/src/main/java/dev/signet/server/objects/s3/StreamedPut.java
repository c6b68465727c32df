package dev.signet.server.objects.s3;

import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.objects.SizedInputStream;
import dev.signet.server.objects.index.ContentHashes;
import dev.signet.server.objects.index.ContentStore.Written;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Locale;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One PutObject that sends a body of declared length on as it is read, hashing it on the way, so the
 * node holds none of it (the payload is unsigned: {@link UnsignedPayloadAuthScheme}). The body is
 * read once: a retry of the SDK's fails at once, so a failure of the request fails the write. Afterwards the body's
 * end is read (checks the client's digests make there run), and on a plain-http endpoint, where no
 * TLS protects the bytes, the object's ETag must be the MD5 Signet computed; if not, the object is
 * deleted and the write fails.
 */
final class StreamedPut {
    private final S3Client client;
    private final String bucket;
    private final boolean checkEtag;

    StreamedPut(S3Client client, String bucket, boolean checkEtag) {
        this.client = client;
        this.bucket = bucket;
        this.checkEtag = checkEtag;
    }

    /**
     * Stores all of {@code body} under {@code key} and returns it as written under {@code name}.
     *
     * @throws IOException the body's own failure (it ended early, was longer, or failed a check)
     * @throws ObjectStoreException InternalError when the bucket refused or lost the content
     */
    Written put(String key, String name, SizedInputStream body, ContentHashes hashes)
            throws IOException, ObjectStoreException {
        Hashing hashing = new Hashing(body, hashes);
        ContentStreamProvider once = () -> {
            if (hashing.opened) {
                // a retry: the body went by once and is not held, so the attempt fails at once
                return new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("a streamed body cannot be sent twice");
                    }
                };
            }
            hashing.opened = true;
            return hashing;
        };
        String etag;
        try {
            etag = client.putObject(
                            b -> b.bucket(bucket).key(key).contentLength(body.size()),
                            RequestBody.fromContentProvider(once, body.size(), "application/octet-stream"))
                    .eTag();
        } catch (SdkException e) {
            hashing.rethrowOwnFailure();
            throw S3ContentStore.unavailable("stored", e);
        }
        try {
            if (body.read() >= 0) {
                throw new IOException("the body is longer than its declared " + body.size() + " bytes");
            }
            Written written = hashes.finish(name);
            if (checkEtag && !unquote(etag).equals(HexFormat.of().formatHex(written.md5()))) {
                throw new ObjectStoreException(
                        "InternalError", "The content was changed on its way to the object store (ETag " + etag + ").");
            }
            return written;
        } catch (IOException | ObjectStoreException | RuntimeException e) {
            deleteQuietly(key);
            throw e;
        }
    }

    private void deleteQuietly(String key) {
        try {
            client.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            // unreferenced: the sweep at the next start removes it
        }
    }

    private static String unquote(String etag) {
        String e = etag == null ? "" : etag.strip();
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e.toLowerCase(Locale.ROOT);
    }

    /** The body as the SDK reads it: hashed on the way, its own failures kept; closing it leaves the body open. */
    private static final class Hashing extends InputStream {
        private final InputStream in;
        private final ContentHashes hashes;
        private boolean opened;
        private IOException bodyFailure;
        private ObjectStoreException hashFailure;

        Hashing(InputStream in, ContentHashes hashes) {
            this.in = in;
            this.hashes = hashes;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                bodyFailure = e;
                throw e;
            }
            if (n > 0) {
                try {
                    hashes.update(b, off, n);
                } catch (ObjectStoreException e) {
                    hashFailure = e;
                    throw new IOException(e.getMessage(), e);
                }
            }
            return n;
        }

        @Override
        public void close() {
            // the caller owns the body and reads its end after the request
        }

        void rethrowOwnFailure() throws IOException, ObjectStoreException {
            if (hashFailure != null) {
                throw hashFailure;
            }
            if (bodyFailure != null) {
                throw bodyFailure;
            }
        }
    }
}
