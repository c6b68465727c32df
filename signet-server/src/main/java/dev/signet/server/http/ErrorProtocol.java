package dev.signet.server.http;

/**
 * How a service reports errors: restJson1 (signer, native), Lambda's flavour of restJson1 (a
 * {@code Type} member and Lambda's error type names) or S3's XML.
 */
public enum ErrorProtocol {
    JSON,
    LAMBDA_JSON,
    S3_XML;

    public static ErrorProtocol forService(String signingName) {
        return switch (signingName) {
            case "s3" -> S3_XML;
            case "lambda" -> LAMBDA_JSON;
            default -> JSON;
        };
    }
}
