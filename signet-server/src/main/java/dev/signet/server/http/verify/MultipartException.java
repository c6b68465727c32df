package dev.signet.server.http.verify;

import java.io.IOException;

/**
 * A {@code multipart/form-data} body that breaks RFC 7578/2046 or the limits of {@link
 * MultipartReader}: the message says what is wrong and is safe to show to the client.
 */
public class MultipartException extends IOException {
    public MultipartException(String message) {
        super(message);
    }
}
