package dev.signet.server.http.auth;

import java.io.IOException;

/**
 * A request body failed a check while it was read: a chunk signature, the signed payload hash, a
 * checksum, Content-MD5 or the declared length. Thrown from {@code read} in place of end-of-stream,
 * so a consumer that commits only at end-of-stream never commits a rejected body.
 */
public final class PayloadRejectedException extends IOException {
    private final String s3Code;
    private final String jsonCode;
    private final int status;

    public PayloadRejectedException(String s3Code, String jsonCode, int status, String message) {
        super(message);
        this.s3Code = s3Code;
        this.jsonCode = jsonCode;
        this.status = status;
    }

    public String s3Code() {
        return s3Code;
    }

    public String jsonCode() {
        return jsonCode;
    }

    public int status() {
        return status;
    }

    static PayloadRejectedException signature(String why) {
        return new PayloadRejectedException("SignatureDoesNotMatch", "InvalidSignatureException", 403, why);
    }

    static PayloadRejectedException malformed(String why) {
        return new PayloadRejectedException("IncompleteBody", "BadRequestException", 400, why);
    }
}
