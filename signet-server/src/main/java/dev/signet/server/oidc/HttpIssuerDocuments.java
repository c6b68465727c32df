package dev.signet.server.oidc;

import dev.signet.server.service.oidc.IssuerDocuments;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * {@link IssuerDocuments} over the JDK's HTTP client: HTTPS checked against the JDK's trust store
 * and the host name, no redirects followed, {@value #CONNECT_SECONDS} s to connect and {@value
 * #REQUEST_SECONDS} s for the whole answer, at most {@value #MAX_BYTES} bytes of body (the read
 * stops there). No cookies and no credentials are ever sent.
 */
public final class HttpIssuerDocuments implements IssuerDocuments {
    static final int CONNECT_SECONDS = 5;
    static final int REQUEST_SECONDS = 10;
    static final int MAX_BYTES = 256 * 1024;

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(CONNECT_SECONDS))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Override
    public byte[] get(URI uri) throws IssuerUnreachableException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(REQUEST_SECONDS))
                .header("Accept", "application/json")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> sent = client.sendAsync(
                request,
                info -> info.statusCode() == 200 ? new Bounded() : HttpResponse.BodySubscribers.replacing(null));
        HttpResponse<byte[]> response;
        try {
            response = sent.get(REQUEST_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw new IssuerUnreachableException("no answer within " + REQUEST_SECONDS + " s", e);
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            throw new IssuerUnreachableException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SSLException) {
                throw new IssuerUnreachableException(
                        "its TLS certificate is not trusted (" + cause.getMessage() + ")", e);
            }
            if (cause instanceof TooLarge) {
                throw new IssuerUnreachableException("its answer is larger than " + MAX_BYTES + " bytes", e);
            }
            throw new IssuerUnreachableException(
                    "it cannot be reached ("
                            + (cause == null ? e : cause).getClass().getSimpleName() + ")",
                    e);
        }
        if (response.statusCode() != 200) {
            throw new IssuerUnreachableException("it answered HTTP " + response.statusCode());
        }
        return response.body();
    }

    private static final class TooLarge extends Exception {
        TooLarge() {
            super("answer larger than " + MAX_BYTES + " bytes");
        }
    }

    /** Collects a body of at most {@link #MAX_BYTES}; past that it cancels the read and fails. */
    private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer buffer : items) {
                if (out.size() + buffer.remaining() > MAX_BYTES) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                out.writeBytes(bytes);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
