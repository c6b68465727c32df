package dev.signet.server.http.s3;

import dev.signet.core.sigv4.SigV4;
import dev.signet.server.http.RequestBodies;
import dev.signet.server.objects.ObjectStoreException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A path-style S3 request as routing sees it: method, bucket, key (empty for bucket operations) and
 * the decoded query (the signature's {@code X-Amz-*} parameters and the SDK's {@code x-id} left out).
 */
record S3Request(String method, String bucket, String key, Map<String, String> query) {

    static S3Request of(Context ctx) throws ObjectStoreException {
        String path;
        Map<String, String> query;
        try {
            path = SigV4.percentDecode(ctx.req().getRequestURI());
            query = decodeQuery(ctx.req().getQueryString());
        } catch (IllegalArgumentException e) {
            throw new ObjectStoreException("InvalidURI", "Couldn't parse the specified URI.");
        }
        if (path.equals("/")) {
            return new S3Request(ctx.req().getMethod(), "", "", query);
        }
        int slash = path.indexOf('/', 1);
        String bucket = slash < 0 ? path.substring(1) : path.substring(1, slash);
        String key = slash < 0 ? "" : path.substring(slash + 1);
        return new S3Request(ctx.req().getMethod(), bucket, key, query);
    }

    boolean has(String parameter) {
        return query.containsKey(parameter);
    }

    Optional<String> param(String parameter) {
        return Optional.ofNullable(query.get(parameter));
    }

    /** An optional integer parameter within [min, max]; InvalidArgument with {@code message} otherwise. */
    Optional<Integer> intParam(String parameter, int min, int max, String message) throws ObjectStoreException {
        Optional<String> value = param(parameter);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(value.get().strip());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return Optional.of(n);
        } catch (NumberFormatException e) {
            throw new ObjectStoreException("InvalidArgument", message);
        }
    }

    /** Reads a small request body (an XML document) whole, refusing one over {@code max} bytes. */
    static byte[] smallBody(Context ctx, int max) throws IOException, ObjectStoreException {
        try (InputStream in = RequestBodies.open(ctx)) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw new ObjectStoreException("MalformedXML", "The XML you provided is too large.");
            }
            in.transferTo(OutputStream.nullOutputStream());
            return body;
        }
    }

    /** Reads and checks a body that should be empty (its signature and checksums still apply). */
    static void emptyBody(Context ctx) throws IOException, ObjectStoreException {
        smallBody(ctx, 0);
    }

    private static Map<String, String> decodeQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = SigV4.percentDecode(eq < 0 ? part : part.substring(0, eq));
            if (name.startsWith("X-Amz-") || name.startsWith("x-id")) {
                continue;
            }
            out.putIfAbsent(name, eq < 0 ? "" : SigV4.percentDecode(part.substring(eq + 1)));
        }
        return out;
    }
}
