package dev.signet.server.http.auth;

/**
 * A request failed SigV4 authentication. The {@link Kind} decides the AWS error code, which differs
 * between S3 and the JSON services; the message is safe to show (it never names a secret).
 */
public final class AuthenticationException extends Exception {

    /** Why authentication failed. */
    public enum Kind {
        /** No Authorization header and no presigned query. */
        MISSING(403, "MissingAuthenticationTokenException", "AccessDenied"),
        /** The access key id is not known or not active. */
        UNKNOWN_KEY(403, "UnrecognizedClientException", "InvalidAccessKeyId"),
        /**
         * A session token missing for temporary credentials, not theirs, or sent with a long-term
         * key (S3: a 400, as AWS answers).
         */
        INVALID_TOKEN(403, "UnrecognizedClientException", 400, "InvalidToken"),
        /** Temporary credentials past their expiration (S3: a 400, as AWS answers). */
        EXPIRED_TOKEN(403, "ExpiredTokenException", 400, "ExpiredToken"),
        /** The signature does not match the one computed here. */
        BAD_SIGNATURE(403, "InvalidSignatureException", "SignatureDoesNotMatch"),
        /** The credential scope names a region this endpoint does not serve (S3: a 400, as AWS answers). */
        WRONG_REGION(403, "InvalidSignatureException", 400, "AuthorizationHeaderMalformed"),
        /** The request time is more than five minutes from the server's clock. */
        SKEWED(403, "InvalidSignatureException", "RequestTimeTooSkewed"),
        /** A presigned URL whose X-Amz-Expires has passed. */
        EXPIRED(403, "InvalidSignatureException", "AccessDenied"),
        /** The Authorization header or the presigned query cannot be parsed. */
        MALFORMED(400, "IncompleteSignatureException", "AuthorizationHeaderMalformed"),
        /** The body does not match the payload hash that was signed. */
        PAYLOAD_MISMATCH(400, "InvalidSignatureException", "XAmzContentSHA256Mismatch"),
        /** An authentication scheme Signet does not accept (AWS Signature Version 2). */
        UNSUPPORTED_SCHEME(400, "IncompleteSignatureException", "InvalidRequest");

        private final int status;
        private final String jsonCode;
        private final int s3Status;
        private final String s3Code;

        Kind(int status, String jsonCode, String s3Code) {
            this(status, jsonCode, status, s3Code);
        }

        Kind(int status, String jsonCode, int s3Status, String s3Code) {
            this.status = status;
            this.jsonCode = jsonCode;
            this.s3Status = s3Status;
            this.s3Code = s3Code;
        }

        public int status() {
            return status;
        }

        /** The HTTP status S3 gives for the same failure. */
        public int s3Status() {
            return s3Status;
        }

        public String jsonCode() {
            return jsonCode;
        }

        public String s3Code() {
            return s3Code;
        }
    }

    private final Kind kind;
    private final String s3Message;

    public AuthenticationException(Kind kind, String message) {
        this(kind, message, message);
    }

    public AuthenticationException(Kind kind, String message, String s3Message) {
        super(message);
        this.kind = kind;
        this.s3Message = s3Message;
    }

    public Kind kind() {
        return kind;
    }

    /** The message S3 gives for the same failure (S3's wording differs from the JSON services'). */
    public String s3Message() {
        return s3Message;
    }

    static AuthenticationException missing() {
        return new AuthenticationException(
                Kind.MISSING, "Missing Authentication Token", "Anonymous access is not allowed; sign the request.");
    }

    static AuthenticationException unknownKey() {
        return new AuthenticationException(
                Kind.UNKNOWN_KEY,
                "The security token included in the request is invalid.",
                "The AWS Access Key Id you provided does not exist in our records.");
    }

    static AuthenticationException invalidToken() {
        return new AuthenticationException(
                Kind.INVALID_TOKEN,
                "The security token included in the request is invalid.",
                "The provided token is malformed or otherwise invalid.");
    }

    static AuthenticationException expiredToken() {
        return new AuthenticationException(
                Kind.EXPIRED_TOKEN,
                "The security token included in the request is expired",
                "The provided token has expired.");
    }

    static AuthenticationException badSignature() {
        return new AuthenticationException(
                Kind.BAD_SIGNATURE,
                "The request signature we calculated does not match the signature you provided. Check your AWS"
                        + " Secret Access Key and signing method. Consult the service documentation for details.",
                "The request signature we calculated does not match the signature you provided. Check your key and"
                        + " signing method.");
    }

    static AuthenticationException malformed(String why) {
        return new AuthenticationException(Kind.MALFORMED, why);
    }
}
