package dev.signet.cli.http;

import java.io.IOException;

/**
 * The server's answer is not an acceptable HTTP/1.1 response (bad status line or header, ambiguous
 * or unsupported framing, a body over the client's limit). The message completes the sentence "the
 * server's response ...", and never echoes more than a short prefix of what was received.
 */
public class MalformedResponseException extends IOException {
    MalformedResponseException(String message) {
        super(message);
    }
}
