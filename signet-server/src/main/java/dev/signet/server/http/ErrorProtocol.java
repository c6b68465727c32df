package dev.signet.server.http;

import dev.signet.core.sigv4.SigV4;
import java.util.Optional;

/**
 * How a service reports errors: restJson1 (signer, native), Lambda's flavour of restJson1 (a
 * {@code Type} member and Lambda's error type names), S3's XML, or the Query protocol's XML
 * ({@code <ErrorResponse>}) of IAM and STS, each with its namespace.
 */
public enum ErrorProtocol {
    JSON,
    LAMBDA_JSON,
    S3_XML,
    IAM_XML,
    STS_XML;

    public static ErrorProtocol forService(String signingName) {
        return switch (signingName) {
            case "s3" -> S3_XML;
            case "lambda" -> LAMBDA_JSON;
            case "iam" -> IAM_XML;
            case "sts" -> STS_XML;
            default -> JSON;
        };
    }

    /** Whether errors take the Query protocol's {@code <ErrorResponse>} shape. */
    public boolean isQuery() {
        return this == IAM_XML || this == STS_XML;
    }

    /** The XML namespace of a Query protocol's documents. */
    public String namespace() {
        return switch (this) {
            case IAM_XML -> "https://iam.amazonaws.com/doc/2010-05-08/";
            case STS_XML -> "https://sts.amazonaws.com/doc/2011-06-15/";
            default -> throw new IllegalStateException(this + " is not a Query protocol");
        };
    }

    /**
     * The protocol a request's credentials point to, read leniently before (and whatever the outcome
     * of) their validation, so that a request whose signature is malformed or refused is still
     * answered in its service's shape: the service of a SigV4 credential scope (the Authorization
     * header's {@code Credential=} or the {@code X-Amz-Credential} query parameter), and S3 for the
     * SigV2 forms ({@code Authorization: AWS KEY:SIG}, {@code AWSAccessKeyId=...&Signature=...}),
     * which only S3 ever accepted. Empty when the request names no service.
     */
    public static Optional<ErrorProtocol> of(Optional<String> authorization, String rawQuery) {
        if (isSigV2(authorization, rawQuery)) {
            return Optional.of(S3_XML);
        }
        Optional<String> credential = authorization.flatMap(ErrorProtocol::credentialOfHeader);
        if (credential.isEmpty()) {
            credential = queryParameter(rawQuery, "X-Amz-Credential");
        }
        return credential.flatMap(c -> {
            String[] scope = c.split("/", -1);
            return scope.length >= 4 ? Optional.of(forService(scope[3].strip())) : Optional.empty();
        });
    }

    /** Whether the request carries AWS Signature Version 2, in its header or presigned-URL form. */
    public static boolean isSigV2(Optional<String> authorization, String rawQuery) {
        if (authorization.isPresent()) {
            String a = authorization.get().strip();
            return a.startsWith("AWS ") && !a.startsWith("AWS4-");
        }
        return queryParameter(rawQuery, "AWSAccessKeyId").isPresent()
                && queryParameter(rawQuery, "Signature").isPresent();
    }

    private static Optional<String> credentialOfHeader(String authorization) {
        int at = authorization.indexOf("Credential=");
        if (at < 0) {
            return Optional.empty();
        }
        int end = authorization.indexOf(',', at);
        return Optional.of(
                authorization.substring(at + "Credential=".length(), end < 0 ? authorization.length() : end));
    }

    private static Optional<String> queryParameter(String rawQuery, String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Optional.empty();
        }
        for (String part : rawQuery.split("&")) {
            int eq = part.indexOf('=');
            if ((eq < 0 ? part : part.substring(0, eq)).equals(name)) {
                String value = eq < 0 ? "" : part.substring(eq + 1);
                try {
                    return Optional.of(SigV4.percentDecode(value));
                } catch (IllegalArgumentException e) {
                    return Optional.of(value);
                }
            }
        }
        return Optional.empty();
    }
}
