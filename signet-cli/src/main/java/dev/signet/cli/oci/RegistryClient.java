package dev.signet.cli.oci;

import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The few OCI distribution API calls Signet needs (JDK HttpClient): manifests, blobs and the
 * referrers API of one repository. Anonymous, or HTTP basic auth when {@code
 * SIGNET_REGISTRY_USER}/{@code SIGNET_REGISTRY_PASSWORD} are set. Every fetched manifest and blob
 * is size-limited and checked against its digest. Failures are {@link CliException}s with exit code
 * {@link ExitCode#UNAVAILABLE}.
 */
public final class RegistryClient {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String ACCEPT = String.join(
            ", ",
            OCI_MANIFEST,
            OCI_INDEX,
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final int MAX_MANIFEST = 4 << 20;
    private static final int MAX_BODY = MAX_MANIFEST;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    private final URI base;
    private final String repository;
    private final Optional<String> authorization;

    public RegistryClient(ImageReference image, Optional<String> user, Optional<String> password) {
        this.base = image.base();
        this.repository = image.repository();
        this.authorization = user.isPresent() && password.isPresent()
                ? Optional.of("Basic "
                        + Base64.getEncoder()
                                .encodeToString((user.get() + ":" + password.get()).getBytes(StandardCharsets.UTF_8)))
                : Optional.empty();
    }

    /** A manifest as stored: its bytes, media type and (verified) digest. */
    public record Manifest(byte[] bytes, String mediaType, String digest) {}

    /** The manifest at a tag or digest; empty when the registry says 404. */
    public Optional<Manifest> manifest(String reference) {
        HttpResponse<byte[]> r =
                send(request("/manifests/" + reference).header("Accept", ACCEPT).GET());
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        expect(r, 200, "GET manifest " + reference);
        byte[] body = limit(r.body(), MAX_MANIFEST, "manifest");
        String digest = sha256(body);
        if (reference.contains(":") && !reference.equals(digest)) {
            throw unavailable("the registry returned a manifest whose digest is " + digest + ", not " + reference);
        }
        return Optional.of(new Manifest(body, mediaType(r), digest));
    }

    /** The media type of a Content-Type header ({@code TYPE[; PARAMETERS]}); empty when there is none. */
    private static String mediaType(HttpResponse<?> r) {
        String value = r.headers().firstValue("Content-Type").orElse("");
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
    }

    /** Uploads a manifest at a tag or its digest; returns whether the registry set {@code OCI-Subject}. */
    public boolean putManifest(String reference, String mediaType, byte[] bytes) {
        HttpResponse<byte[]> r = send(request("/manifests/" + reference)
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        expect(r, 201, "PUT manifest " + reference);
        return r.headers().firstValue("OCI-Subject").isPresent();
    }

    /** Uploads a blob in one monolithic PUT (skipped when present); returns its digest. */
    public String putBlob(byte[] bytes) {
        String digest = sha256(bytes);
        HttpResponse<byte[]> head =
                send(request("/blobs/" + digest).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        if (head.statusCode() == 200) {
            return digest;
        }
        HttpResponse<byte[]> start = send(request("/blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()));
        expect(start, 202, "start blob upload");
        String location = start.headers()
                .firstValue("Location")
                .orElseThrow(() -> unavailable("the registry started an upload without a Location"));
        URI upload = base.resolve(location);
        if (!upload.getAuthority().equals(base.getAuthority())
                || !upload.getScheme().equals(base.getScheme())) {
            throw unavailable("the registry sent the upload to another host");
        }
        String sep = upload.getRawQuery() == null ? "?" : "&";
        HttpResponse<byte[]> put =
                send(authorized(HttpRequest.newBuilder(URI.create(upload + sep + "digest=" + digest)))
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        expect(put, 201, "finish blob upload");
        return digest;
    }

    /** A blob of at most {@code max} bytes, checked against its sha256 digest. */
    public byte[] blob(String digest, int max) {
        HttpResponse<byte[]> r = send(request("/blobs/" + digest).GET());
        expect(r, 200, "GET blob " + digest);
        byte[] body = limit(r.body(), max, "blob");
        if (!sha256(body).equals(digest)) {
            throw unavailable("blob " + digest + " does not match its digest");
        }
        return body;
    }

    /** The referrers API's index for a digest; empty when the registry does not offer the API. */
    public Optional<byte[]> referrers(String digest) {
        HttpResponse<byte[]> r =
                send(request("/referrers/" + digest).header("Accept", OCI_INDEX).GET());
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (r.statusCode() == 200 && type.startsWith(OCI_INDEX)) {
            return Optional.of(limit(r.body(), MAX_MANIFEST, "referrers index"));
        }
        return Optional.empty();
    }

    public static String sha256(byte[] bytes) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return authorized(HttpRequest.newBuilder(base.resolve("/v2/" + repository + path)));
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder b) {
        authorization.ifPresent(a -> b.header("Authorization", a));
        return b.timeout(Duration.ofMinutes(2));
    }

    /** Sends a request; a response body over {@link #MAX_BODY} bytes is cut there (then refused by size). */
    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        try {
            HttpResponse<InputStream> r = http.send(built, HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = r.body()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            return new Bounded(r, body);
        } catch (IOException e) {
            throw unavailable(
                    "cannot reach the registry at " + base + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while talking to the registry");
        }
    }

    /** A response whose body was read up to a bound. */
    private record Bounded(HttpResponse<InputStream> response, byte[] body) implements HttpResponse<byte[]> {
        @Override
        public int statusCode() {
            return response.statusCode();
        }

        @Override
        public HttpRequest request() {
            return response.request();
        }

        @Override
        public Optional<HttpResponse<byte[]>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return response.headers();
        }

        @Override
        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return response.sslSession();
        }

        @Override
        public URI uri() {
            return response.uri();
        }

        @Override
        public HttpClient.Version version() {
            return response.version();
        }
    }

    private static void expect(HttpResponse<byte[]> r, int status, String what) {
        if (r.statusCode() != status) {
            String body = new String(r.body(), 0, Math.min(r.body().length, 200), StandardCharsets.UTF_8)
                    .replaceAll("\\p{Cntrl}", " ");
            throw unavailable(what + ": registry answered HTTP " + r.statusCode() + " " + body.trim());
        }
    }

    private static byte[] limit(byte[] body, int max, String what) {
        if (body.length > max) {
            throw unavailable("the registry returned a " + what + " larger than " + max + " bytes");
        }
        return body;
    }

    private static CliException unavailable(String message) {
        return new CliException(ExitCode.UNAVAILABLE, message);
    }
}
