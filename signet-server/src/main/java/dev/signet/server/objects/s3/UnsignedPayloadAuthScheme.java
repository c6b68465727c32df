package dev.signet.server.objects.s3;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * SigV4 with {@code UNSIGNED-PAYLOAD} on every endpoint, plain http included, where the SDK's own
 * signer always signs the body's SHA-256 (so it reads every body twice, before and while sending, and
 * the S3 server hashes it again). The request is signed by the SDK's signer exactly as it signs over
 * https, where S3 takes unsigned payloads; the signature does not cover the scheme, only the Host
 * header, which is fixed to what the http transport sends before signing. The store checks the
 * content itself instead ({@link S3ContentStore}: Content-MD5 where it holds the bytes, the ETag
 * against its own MD5 where it streams them).
 */
final class UnsignedPayloadAuthScheme implements AwsV4AuthScheme {
    private final AwsV4HttpSigner signer = new UnsignedPayloadSigner(AwsV4HttpSigner.create());

    @Override
    public String schemeId() {
        return AwsV4AuthScheme.SCHEME_ID;
    }

    @Override
    public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
        return providers.identityProvider(AwsCredentialsIdentity.class);
    }

    @Override
    public AwsV4HttpSigner signer() {
        return signer;
    }

    private record UnsignedPayloadSigner(AwsV4HttpSigner delegate) implements AwsV4HttpSigner {
        @Override
        public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
            SdkHttpRequest http = request.request();
            if (!"http".equals(http.protocol())) {
                return delegate.sign(
                        request.copy(b -> b.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)));
            }
            SdkHttpRequest asHttps = http.toBuilder()
                    .putHeader("Host", hostHeader(http))
                    .protocol("https")
                    .build();
            SignedRequest signed = delegate.sign(request.copy(
                    b -> b.request(asHttps).putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)));
            return signed.copy(
                    b -> b.request(signed.request().toBuilder().protocol("http").build()));
        }

        @Override
        public CompletableFuture<AsyncSignedRequest> signAsync(
                AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
            // the store's client is synchronous
            throw new UnsupportedOperationException("only synchronous requests are signed");
        }

        /** The Host header the http transport sends: the port only when it is not http's own. */
        private static String hostHeader(SdkHttpRequest http) {
            return SdkHttpUtils.isUsingStandardPort(http.protocol(), http.port())
                    ? http.host()
                    : http.host() + ":" + http.port();
        }
    }
}
