package dev.signet.cli.oci;

import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.http.HttpRequest;
import dev.signet.cli.http.HttpResponse;
import dev.signet.cli.http.HttpSession;
import dev.signet.cli.http.ResponseTooLargeException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few OCI distribution API calls Signet needs (over the CLI's HTTP transport, {@link
 * HttpSession}: one keep-alive connection per origin, redirects followed, e.g. to a blob's storage):
 * manifests, blobs and the referrers API of one repository. Anonymous, or HTTP basic auth when {@code
 * SIGNET_REGISTRY_USER}/{@code SIGNET_REGISTRY_PASSWORD} are set. Every fetched manifest and blob
 * is size-limited and checked against its digest. Failures are {@link CliException}s with exit code
 * {@link ExitCode#UNAVAILABLE}.
 */
public final class RegistryClient implements AutoCloseable {
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
    private static final int MAX_REDIRECTS = 5;

    private final HttpSession http =
            new HttpSession(new HttpSession.Settings(10_000, 120_000, MAX_BODY, MAX_REDIRECTS));
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
        HttpResponse r = send(request("GET", "/manifests/" + reference, "Accept", ACCEPT));
        if (r.status() == 404) {
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
    private static String mediaType(HttpResponse r) {
        String value = r.header("Content-Type").orElse("");
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
    }

    /** Uploads a manifest at a tag or its digest; returns whether the registry set {@code OCI-Subject}. */
    public boolean putManifest(String reference, String mediaType, byte[] bytes) {
        HttpResponse r = send(request("PUT", "/manifests/" + reference, bytes, "Content-Type", mediaType));
        expect(r, 201, "PUT manifest " + reference);
        return r.header("OCI-Subject").isPresent();
    }

    /** Uploads a blob in one monolithic PUT (skipped when present); returns its digest. */
    public String putBlob(byte[] bytes) {
        String digest = sha256(bytes);
        HttpResponse head = send(request("HEAD", "/blobs/" + digest));
        if (head.status() == 200) {
            return digest;
        }
        HttpResponse start = send(request("POST", "/blobs/uploads/"));
        expect(start, 202, "start blob upload");
        String location = start.header("Location")
                .orElseThrow(() -> unavailable("the registry started an upload without a Location"));
        URI upload;
        try {
            upload = base.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw unavailable("the registry started an upload at a Location that is not a URL");
        }
        if (upload.getAuthority() == null
                || !upload.getAuthority().equals(base.getAuthority())
                || !upload.getScheme().equals(base.getScheme())) {
            throw unavailable("the registry sent the upload to another host");
        }
        String sep = upload.getRawQuery() == null ? "?" : "&";
        HttpResponse put = send(request(
                "PUT",
                URI.create(upload + sep + "digest=" + digest),
                bytes,
                "Content-Type",
                "application/octet-stream"));
        expect(put, 201, "finish blob upload");
        return digest;
    }

    /** A blob of at most {@code max} bytes, checked against its sha256 digest. */
    public byte[] blob(String digest, int max) {
        HttpResponse r = send(request("GET", "/blobs/" + digest));
        expect(r, 200, "GET blob " + digest);
        byte[] body = limit(r.body(), max, "blob");
        if (!sha256(body).equals(digest)) {
            throw unavailable("blob " + digest + " does not match its digest");
        }
        return body;
    }

    /** The referrers API's index for a digest; empty when the registry does not offer the API. */
    public Optional<byte[]> referrers(String digest) {
        HttpResponse r = send(request("GET", "/referrers/" + digest, "Accept", OCI_INDEX));
        String type = r.header("Content-Type").orElse("");
        if (r.status() == 200 && type.startsWith(OCI_INDEX)) {
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

    /** A request for {@code /v2/REPOSITORY/PATH} with these headers. */
    private HttpRequest request(String method, String path, String... headers) {
        return request(method, base.resolve("/v2/" + repository + path), null, headers);
    }

    private HttpRequest request(String method, String path, byte[] body, String... headers) {
        return request(method, base.resolve("/v2/" + repository + path), body, headers);
    }

    /** A request with the registry's credentials (which follow redirects only on the same origin). */
    private HttpRequest request(String method, URI url, byte[] body, String... headers) {
        List<Map.Entry<String, String>> all = new ArrayList<>(HttpRequest.headers(headers));
        authorization.ifPresent(a -> all.add(Map.entry("Authorization", a)));
        return new HttpRequest(method, url, all, Optional.ofNullable(body).map(HttpRequest.Body::of));
    }

    /** Sends a request; a response body over {@link #MAX_BODY} bytes is refused. */
    private HttpResponse send(HttpRequest request) {
        try {
            return http.send(request);
        } catch (ResponseTooLargeException e) {
            throw unavailable("the registry returned a response larger than " + MAX_BODY + " bytes");
        } catch (IOException e) {
            throw unavailable(
                    "cannot reach the registry at " + base + ": " + e.getClass().getSimpleName());
        }
    }

    /** Closes the connections kept open to the registry. */
    @Override
    public void close() {
        http.close();
    }

    private static void expect(HttpResponse r, int status, String what) {
        if (r.status() != status) {
            String body = new String(r.body(), 0, Math.min(r.body().length, 200), StandardCharsets.UTF_8)
                    .replaceAll("\\p{Cntrl}", " ");
            throw unavailable(what + ": registry answered HTTP " + r.status() + " " + body.trim());
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
