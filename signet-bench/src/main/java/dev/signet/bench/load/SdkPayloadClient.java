package dev.signet.bench.load;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.SignerException;

/**
 * SignPayload through the official AWS SDK {@link SignerClient} over a shared Apache HTTP client
 * (pooled persistent connections): what an SDK user runs. Each thread gets its own instance, all
 * sharing one {@link SignerClient}.
 */
final class SdkPayloadClient implements PayloadClient {
    private final SignerClient client;
    private final String profile;
    private final LoadPlatform platform;

    private SdkPayloadClient(SignerClient client, String profile, LoadPlatform platform) {
        this.client = client;
        this.profile = profile;
        this.platform = platform;
    }

    /** One SDK client with a pool of {@code connections} connections, shared by all threads. */
    static SignerClient shared(URI endpoint, String accessKeyId, String secretAccessKey, int connections) {
        SdkHttpClient http =
                ApacheHttpClient.builder().maxConnections(connections).build();
        return SignerClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .httpClient(http)
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    static SdkPayloadClient using(SignerClient client, String profile, LoadPlatform platform) {
        return new SdkPayloadClient(client, profile, platform);
    }

    @Override
    public boolean signDigest(byte[] digest) {
        try {
            return client.signPayload(r -> r.profileName(profile)
                                    .payload(SdkBytes.fromByteArrayUnsafe(platform.payload(digest)))
                                    .payloadFormat(platform.payloadFormat()))
                            .signature()
                    != null;
        } catch (SignerException e) {
            return false;
        }
    }

    @Override
    public void close() {
        // the shared client is closed by its owner
    }
}
