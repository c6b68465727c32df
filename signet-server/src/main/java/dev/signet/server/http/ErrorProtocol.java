package dev.signet.server.http;

/** How a service reports errors: restJson1 (signer, lambda, native) or S3's XML. */
public enum ErrorProtocol {
    JSON,
    S3_XML;

    public static ErrorProtocol forService(String signingName) {
        return "s3".equals(signingName) ? S3_XML : JSON;
    }
}
