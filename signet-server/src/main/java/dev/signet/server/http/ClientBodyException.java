package dev.signet.server.http;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * The request body did not arrive: the client stopped sending before its Content-Length (or its
 * chunked framing) was complete, for longer than the idle timeout, or closed the connection early.
 * A client fault, never a server error: {@link HttpErrors} answers 400 in the protocol's shape and
 * logs one line without a stack trace. Thrown only by reads of the request body ({@link
 * RequestBodies}), so an I/O failure of the server's own (disk, database) is never taken for one.
 */
public final class ClientBodyException extends IOException {
    /** How the body failed to arrive; S3's error code and the message every protocol shows. */
    public enum Kind {
        TIMEOUT(
                "RequestTimeout",
                "Your socket connection to the server was not read from or written to within the timeout period."),
        INCOMPLETE(
                "IncompleteBody",
                "You did not provide the number of bytes specified by the Content-Length HTTP header.");

        private final String s3Code;
        private final String message;

        Kind(String s3Code, String message) {
            this.s3Code = s3Code;
            this.message = message;
        }

        public String s3Code() {
            return s3Code;
        }

        public String message() {
            return message;
        }
    }

    private final Kind kind;

    private ClientBodyException(Kind kind, Throwable cause) {
        super(kind.message(), cause);
        this.kind = kind;
    }

    /** What a failed read of the request body means: a timeout if the container timed the read out. */
    static ClientBodyException of(Throwable readFailure) {
        if (readFailure instanceof ClientBodyException already) {
            return already;
        }
        for (Throwable t = readFailure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return new ClientBodyException(Kind.TIMEOUT, readFailure);
            }
        }
        return new ClientBodyException(Kind.INCOMPLETE, readFailure);
    }

    public Kind kind() {
        return kind;
    }

    /** One line for the log: the kind and the container's own words, no stack trace. */
    String summary() {
        Throwable cause = getCause();
        return kind + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")");
    }
}
