package dev.signet.cli.oci;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.signet.cli.CliException;
import dev.signet.core.format.notation.OciDescriptor;
import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.core.testing.FuzzInputs;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What an OCI registry answers {@code signet sign-image}/{@code verify-image}, served by a fake
 * registry in this JVM (JDK HttpServer on 127.0.0.1) through the real {@link RegistryClient}: an
 * image manifest with its Content-Type ({@link ImageDescriptors#resolve}), the referrers index (API
 * or tag schema), the signature manifests and envelope blobs it leads to ({@link
 * NotarySignatureStore#find}), and an existing tag-schema index that a push reads, modifies and
 * writes back ({@link NotarySignatureStore#push}). Inputs are NUL-separated fields. Content is
 * addressed by digest, so the fake registry fixes digests up the way an honest one would: {@code @M}
 * in an index stands for the digest of the signature manifest and {@code @B} in a manifest for the
 * digest of the blob, and the manifest to resolve is requested by its own digest. Declares {@link
 * CliException}, whose message must be one line without control characters (the CLI prints it as
 * is), and so must every problem {@link NotarySignatureStore.Found} reports.
 */
class RegistryResponsesFuzz {
    private static final String REPOSITORY = "fuzz/app";
    private static final OciDescriptor IMAGE =
            new OciDescriptor(RegistryClient.OCI_MANIFEST, "sha256:" + "c3".repeat(32), 321);
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private static HttpServer server;
    private static RegistryClient registry;
    private static volatile Registry answers = new Registry(200, "", new byte[0], false, new byte[0], new byte[0]);

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/" + REPOSITORY + "/", RegistryResponsesFuzz::handle);
        server.start();
        registry = new RegistryClient(reference(IMAGE.digest()), Optional.empty(), Optional.empty());
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    /** Fields: the status of the manifest response, its Content-Type, and the manifest. */
    @BoundedFuzzTest
    void resolve(byte[] input) {
        List<byte[]> fields = FuzzInputs.fields(input, 3);
        String contentType = new String(fields.get(1), StandardCharsets.ISO_8859_1);
        if (!servable(contentType)) {
            return;
        }
        byte[] manifest = fields.get(2);
        answers = new Registry(status(fields.get(0)), contentType, manifest, false, new byte[0], new byte[0]);
        FuzzBounds.parse(() -> {
            try {
                ImageDescriptors.resolve(registry, reference(RegistryClient.sha256(manifest)));
            } catch (CliException declared) {
                oneLine(declared.getMessage());
            }
        });
    }

    /**
     * Fields: {@code tag} to list signatures through the tag schema (anything else: the referrers
     * API), the index, the signature manifest, the envelope blob.
     */
    @BoundedFuzzTest
    void find(byte[] input) {
        List<byte[]> fields = FuzzInputs.fields(input, 4);
        answers = Registry.of(
                fields.get(1),
                fields.get(2),
                fields.get(3),
                "tag".equals(new String(fields.get(0), StandardCharsets.ISO_8859_1)));
        FuzzBounds.parse(() -> {
            try {
                new NotarySignatureStore(registry).find(IMAGE).forEach(found -> oneLine(found.problem()));
            } catch (CliException declared) {
                oneLine(declared.getMessage());
            }
        });
    }

    /** The input is the tag-schema index already in the registry when a signature is pushed. */
    @BoundedFuzzTest
    void push(byte[] input) {
        answers = Registry.of(input, new byte[0], new byte[0], true);
        FuzzBounds.parse(() -> {
            try {
                new NotarySignatureStore(registry).push(IMAGE, "{}".getBytes(StandardCharsets.US_ASCII));
            } catch (CliException declared) {
                oneLine(declared.getMessage());
            }
        });
    }

    /** What the fake registry serves for the current input. */
    private record Registry(
            int manifestStatus, String manifestType, byte[] manifest, boolean tagSchema, byte[] index, byte[] blob) {
        static Registry of(byte[] index, byte[] manifest, byte[] blob, boolean tagSchema) {
            byte[] fixedManifest = replace(manifest, "@B", RegistryClient.sha256(blob));
            byte[] fixedIndex = replace(index, "@M", RegistryClient.sha256(fixedManifest));
            return new Registry(200, RegistryClient.OCI_MANIFEST, fixedManifest, tagSchema, fixedIndex, blob);
        }
    }

    private static void handle(HttpExchange x) throws IOException {
        Registry r = answers;
        String path = x.getRequestURI().getRawPath().substring(("/v2/" + REPOSITORY + "/").length());
        String method = x.getRequestMethod();
        x.getRequestBody().readAllBytes();
        String tag = NotarySignatureStore.tagSchemaTag(IMAGE.digest());
        if (method.equals("PUT") && path.startsWith("manifests/")) {
            reply(x, 201, null, new byte[0]);
        } else if (method.equals("HEAD") && path.startsWith("blobs/")) {
            reply(x, 200, null, new byte[0]);
        } else if (path.equals("referrers/" + IMAGE.digest())) {
            reply(x, r.tagSchema() ? 404 : 200, RegistryClient.OCI_INDEX, r.tagSchema() ? new byte[0] : r.index());
        } else if (path.equals("manifests/" + tag)) {
            reply(x, r.tagSchema() ? 200 : 404, RegistryClient.OCI_INDEX, r.tagSchema() ? r.index() : new byte[0]);
        } else if (path.equals("manifests/" + RegistryClient.sha256(r.manifest()))) {
            reply(x, r.manifestStatus(), r.manifestType(), r.manifest());
        } else if (path.equals("blobs/" + RegistryClient.sha256(r.blob()))) {
            reply(x, 200, "application/octet-stream", r.blob());
        } else {
            reply(x, 404, null, new byte[0]);
        }
    }

    private static void reply(HttpExchange x, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null && !contentType.isEmpty()) {
            x.getResponseHeaders().add("Content-Type", contentType);
        }
        boolean noBody = body.length == 0 || x.getRequestMethod().equals("HEAD") || status == 204 || status == 304;
        x.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            x.getResponseBody().write(body);
        }
        x.close();
    }

    private static ImageReference reference(String digest) {
        return ImageReference.parse(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/" + REPOSITORY + "@" + digest, false);
    }

    /** A status the JDK's server can send (100-199 are interim responses): 200 for anything else. */
    private static int status(byte[] field) {
        try {
            int status = Integer.parseInt(new String(field, StandardCharsets.US_ASCII).strip());
            return status >= 200 && status <= 599 ? status : 200;
        } catch (NumberFormatException e) {
            return 200;
        }
    }

    /** A header value the JDK's server will send: no CR, LF or NUL (a real registry cannot send them either). */
    private static boolean servable(String headerValue) {
        return headerValue.chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0);
    }

    private static void oneLine(String message) {
        if (message == null || CONTROL.matcher(message).find()) {
            throw new AssertionError("the CLI would print a registry's control characters: " + message);
        }
    }

    private static byte[] replace(byte[] in, String placeholder, String value) {
        return new String(in, StandardCharsets.ISO_8859_1)
                .replace(placeholder, value)
                .getBytes(StandardCharsets.ISO_8859_1);
    }
}
