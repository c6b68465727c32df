package dev.signet.server.objects;

/** An object store call failed. {@link #code()} is the S3 error code (NoSuchBucket, NoSuchKey, ...). */
public class ObjectStoreException extends Exception {
    private final String code;

    public ObjectStoreException(String code, String message) {
        super(message);
        this.code = code;
    }

    public ObjectStoreException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
