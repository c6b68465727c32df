package dev.signet.server.http.verify;

/** A multipart part longer than the limit its reader set; the body itself may be well formed. */
public final class PartTooLargeException extends MultipartException {
    public PartTooLargeException(long limit) {
        super("a part is larger than its limit of " + limit + " bytes");
    }
}
