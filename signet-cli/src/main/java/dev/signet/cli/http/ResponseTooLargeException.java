package dev.signet.cli.http;

/** The response's body is larger than the limit the caller set; nothing of it is kept. */
public final class ResponseTooLargeException extends MalformedResponseException {
    ResponseTooLargeException(String message) {
        super(message);
    }
}
