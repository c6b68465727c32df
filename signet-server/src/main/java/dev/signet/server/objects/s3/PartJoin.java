package dev.signet.server.objects.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Joins content objects of one bucket, in order, into a new object with a backing multipart upload:
 * UploadPartCopy of each, then CompleteMultipartUpload, so no byte passes through Signet. The copies
 * of every join of the node share one pool of {@link #COPIES_IN_FLIGHT} (each copy is a whole part's
 * bytes read and written by the S3 server, so one at a time leaves it idle between them). The
 * backing upload has S3's rules, which the caller checked for Signet's own parts (at most 10,000
 * parts of at most 5 GiB, every one but the last at least 5 MiB). The object exists only once
 * CompleteMultipartUpload succeeds; when a copy fails, the copies not started skip their part, those
 * in flight are waited out and the upload is aborted (an upload whose abort failed is aborted by
 * the sweep at the next start).
 */
final class PartJoin implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartJoin.class);
    /** How many UploadPartCopy requests all joins together have in flight at most. */
    static final int COPIES_IN_FLIGHT = 4;

    private final S3Client client;
    private final String bucket;
    private final ExecutorService copies;

    PartJoin(S3Client client, String bucket) {
        this.client = client;
        this.bucket = bucket;
        this.copies = Executors.newFixedThreadPool(COPIES_IN_FLIGHT, runnable -> {
            Thread thread = new Thread(runnable, "s3-part-copy");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Joins the objects {@code sourceKeys} into the new object {@code key}.
     *
     * @throws NoSuchFileException when a source object is gone
     * @throws IOException when the bucket refused or failed
     */
    void join(List<String> sourceKeys, String key) throws IOException {
        String uploadId;
        try {
            uploadId =
                    client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        } catch (SdkException e) {
            throw failed(e);
        }
        List<Future<CompletedPart>> copied = new ArrayList<>(sourceKeys.size());
        // set on the first failure: copies not started yet skip their part
        AtomicBoolean stopped = new AtomicBoolean();
        try {
            for (String sourceKey : sourceKeys) {
                int number = copied.size() + 1;
                copied.add(copies.submit(() -> stopped.get() ? null : copy(sourceKey, key, uploadId, number)));
            }
            List<CompletedPart> parts = new ArrayList<>(sourceKeys.size());
            for (Future<CompletedPart> copy : copied) {
                parts.add(copy.get());
            }
            client.completeMultipartUpload(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        } catch (ExecutionException e) {
            stopAndAbort(stopped, copied, key, uploadId);
            if (e.getCause() instanceof NoSuchKeyException) {
                throw new NoSuchFileException(key, null, "a part's content object is gone");
            }
            throw failed(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopAndAbort(stopped, copied, key, uploadId);
            throw new InterruptedIOException("interrupted while the parts were joined");
        } catch (RuntimeException e) {
            stopAndAbort(stopped, copied, key, uploadId);
            throw failed(e);
        }
    }

    private CompletedPart copy(String sourceKey, String key, String uploadId, int number) {
        String etag = client.uploadPartCopy(b -> b.sourceBucket(bucket)
                        .sourceKey(sourceKey)
                        .destinationBucket(bucket)
                        .destinationKey(key)
                        .uploadId(uploadId)
                        .partNumber(number))
                .copyPartResult()
                .eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    /**
     * Stops a failed join: copies not started skip their part, copies in flight are waited out (each
     * bounded by the client's timeouts), then the backing upload is aborted. Waiting matters: S3Proxy
     * refuses (400) to abort an upload while a part is being copied into it, and a Future's cancel
     * would not stop a copy already sent.
     */
    private void stopAndAbort(AtomicBoolean stopped, List<Future<CompletedPart>> copied, String key, String uploadId) {
        stopped.set(true);
        boolean interrupted = Thread.interrupted();
        for (Future<CompletedPart> copy : copied) {
            while (true) {
                try {
                    copy.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    // its own failure: the upload is aborted below either way
                    break;
                }
            }
        }
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            // the sweep at the next start aborts it
            LOG.warn("Could not abort the upload of s3://{}/{}: {}", bucket, key, e.toString());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private IOException failed(Throwable e) {
        return new IOException("the parts could not be joined in " + bucket + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        copies.shutdownNow();
    }
}
