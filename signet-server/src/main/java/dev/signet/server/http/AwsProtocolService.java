package dev.signet.server.http;

import dev.signet.server.service.Caller;
import io.javalin.http.Context;

/**
 * One AWS service served at the shared endpoint. The dispatcher authenticates a request with SigV4,
 * reads the service from its credential scope ({@code .../signer/aws4_request}) and hands it to the
 * {@code AwsProtocolService} of that name, which routes by method and path. Exceptions thrown here
 * are turned into the service's error shape by the dispatcher.
 */
public interface AwsProtocolService extends AutoCloseable {

    /** The SigV4 signing name: {@code signer}, {@code s3} or {@code lambda}. */
    String signingName();

    void handle(Context ctx, Caller caller) throws Exception;

    /** Stops background work (job workers); called once when the server shuts down. */
    @Override
    default void close() {}
}
