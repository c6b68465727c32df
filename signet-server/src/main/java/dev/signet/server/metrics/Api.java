package dev.signet.server.metrics;

/** Which API a request was for: the {@code api} label of the request metrics and the request log. */
public enum Api {
    SIGNER("signer"),
    S3("s3"),
    LAMBDA("lambda"),
    IAM("iam"),
    STS("sts"),
    /** The {@code /v1} routes, public and authenticated, and {@code /metrics}. */
    NATIVE("native"),
    /** Refused before the API could be told (no credential scope, or one naming no API served here). */
    NONE("none");

    private final String label;

    Api(String label) {
        this.label = label;
    }

    /** The label value. */
    public String label() {
        return label;
    }

    /** The API of a SigV4 service name ({@code signer}, {@code s3}, {@code lambda}, {@code iam}, {@code sts}, {@code signet}). */
    public static Api ofSigningName(String service) {
        return switch (service) {
            case "signer" -> SIGNER;
            case "s3" -> S3;
            case "lambda" -> LAMBDA;
            case "iam" -> IAM;
            case "sts" -> STS;
            case "signet" -> NATIVE;
            default -> NONE;
        };
    }
}
