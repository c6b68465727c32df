package dev.signet.server.http;

import dev.signet.server.service.Caller;
import dev.signet.server.service.access.AccessRequest;
import io.javalin.http.Context;

/**
 * One AWS service served at the shared endpoint. The dispatcher authenticates a request with SigV4,
 * reads the service from its credential scope ({@code .../signer/aws4_request}) and hands it to the
 * {@code AwsProtocolService} of that name, which routes by method and path. Exceptions thrown here
 * are turned into the service's error shape by the dispatcher.
 */
public interface AwsProtocolService {

    /** The SigV4 signing name: {@code signer}, {@code s3}, {@code lambda}, {@code iam}, {@code sts}, {@code signet}. */
    String signingName();

    /**
     * The action, resource and condition keys of this request as IAM names them, for the
     * dispatcher's {@link dev.signet.server.service.access.Authorizer}, asked before {@link
     * #handle} (docs/access-control.md tables them). Every route set Signet serves overrides it;
     * the default, every action of the service ({@code signer:*}) on any resource, fails closed
     * for one that does not. Throws the protocol's error for a request no operation serves.
     */
    default AccessRequest accessRequest(Context ctx, Caller caller) throws Exception {
        return AccessRequest.anyOf(signingName());
    }

    void handle(Context ctx, Caller caller) throws Exception;

    /**
     * Whether this request's body is read as a stream through {@link RequestBodies#open} rather than
     * buffered whole: the dispatcher then neither buffers it (to hash it or to check a declared hash)
     * nor caps its size, and the client must declare {@code x-amz-content-sha256} (the hex SHA-256 of
     * the body or an aws-chunked {@code STREAMING-*} value; S3 also {@code UNSIGNED-PAYLOAD} and
     * {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}, which every other service refuses) for a request
     * with a body. S3 always streams.
     */
    default boolean streamsBody(Context ctx) {
        return false;
    }

    /**
     * Whether this request, which carries no signature, is an operation of this service that AWS
     * serves without credentials (STS's AssumeRoleWithWebIdentity, whose token is its proof). The
     * dispatcher then calls {@link #handleUnsigned} and asks no authorizer: the operation decides.
     * Default: none. Must not throw.
     */
    default boolean servesUnsigned(Context ctx) {
        return false;
    }

    /** Handles a request {@link #servesUnsigned} admitted; errors take the service's shape. */
    default void handleUnsigned(Context ctx) throws Exception {
        throw new IllegalStateException(signingName() + " serves no unsigned request");
    }
}
