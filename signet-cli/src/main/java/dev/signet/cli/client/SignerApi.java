package dev.signet.cli.client;

import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.credentials.Credentials;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.GetSigningProfileResponse;
import software.amazon.awssdk.services.signer.model.ListSigningProfilesResponse;
import software.amazon.awssdk.services.signer.model.SignPayloadResponse;
import software.amazon.awssdk.services.signer.model.SignatureValidityPeriod;
import software.amazon.awssdk.services.signer.model.SigningProfile;

/**
 * The Signer operations the CLI uses, over the official AWS SDK {@link SignerClient}. The only
 * class of the CLI that touches the SDK, so that offline commands never load it. Every SDK failure
 * becomes a one-line {@link CliException}: {@link ExitCode#REJECTED} when the server said no,
 * {@link ExitCode#UNAVAILABLE} when it could not be reached or failed.
 */
public final class SignerApi implements AutoCloseable {
    private static final int MAX_PAGES = 1000;

    private final SignerClient client;
    private final URI endpoint;
    private final Credentials credentials;

    private SignerApi(SignerClient client, URI endpoint, Credentials credentials) {
        this.client = client;
        this.endpoint = endpoint;
        this.credentials = credentials;
    }

    public static SignerApi open(ClientSettings settings) {
        SignerClient client = SignerClient.builder()
                .endpointOverride(settings.endpoint())
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(sdkCredentials(settings.credentials())))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofMinutes(2))
                        .build())
                .overrideConfiguration(
                        o -> o.retryStrategy(b -> b.maxAttempts(1)).apiCallTimeout(Duration.ofMinutes(5)))
                .build();
        return new SignerApi(client, settings.endpoint(), settings.credentials());
    }

    /** The SDK's form of {@code credentials}: session credentials when there is a token. */
    static AwsCredentials sdkCredentials(Credentials credentials) {
        String id = credentials.key().id();
        String secret = credentials.key().secret();
        return credentials
                .sessionToken()
                .<AwsCredentials>map(token -> AwsSessionCredentials.create(id, secret, token))
                .orElseGet(() -> AwsBasicCredentials.create(id, secret));
    }

    public ProfileView putProfile(
            String name,
            String platformId,
            int validityValue,
            String validityType,
            java.util.Map<String, String> signingParameters) {
        var response = call(() -> client.putSigningProfile(r -> {
            r.profileName(name)
                    .platformId(platformId)
                    .signatureValidityPeriod(SignatureValidityPeriod.builder()
                            .value(validityValue)
                            .type(validityType)
                            .build());
            if (!signingParameters.isEmpty()) {
                r.signingParameters(signingParameters);
            }
        }));
        return new ProfileView(
                name,
                Optional.ofNullable(response.arn()),
                Optional.ofNullable(response.profileVersion()),
                Optional.ofNullable(response.profileVersionArn()),
                Optional.of(platformId),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(validityValue),
                Optional.of(validityType));
    }

    public ProfileView getProfile(String name) {
        GetSigningProfileResponse r = call(() -> client.getSigningProfile(b -> b.profileName(name)));
        SignatureValidityPeriod period = r.signatureValidityPeriod();
        return new ProfileView(
                Optional.ofNullable(r.profileName()).orElse(name),
                Optional.ofNullable(r.arn()),
                Optional.ofNullable(r.profileVersion()),
                Optional.ofNullable(r.profileVersionArn()),
                Optional.ofNullable(r.platformId()),
                Optional.ofNullable(r.platformDisplayName()),
                Optional.ofNullable(r.statusAsString()),
                Optional.ofNullable(r.statusReason()),
                Optional.ofNullable(period).map(SignatureValidityPeriod::value),
                Optional.ofNullable(period).map(SignatureValidityPeriod::typeAsString));
    }

    public List<ProfileView> listProfiles(boolean includeCanceled) {
        List<ProfileView> all = new ArrayList<>();
        String token = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String next = token;
            ListSigningProfilesResponse r = call(() -> client.listSigningProfiles(
                    b -> b.includeCanceled(includeCanceled).nextToken(next)));
            r.profiles().forEach(p -> all.add(view(p)));
            token = r.nextToken();
            if (token == null || token.isEmpty()) {
                return all;
            }
        }
        throw new CliException(ExitCode.UNAVAILABLE, "the server returned more than " + MAX_PAGES + " pages");
    }

    public void cancelProfile(String name) {
        call(() -> client.cancelSigningProfile(b -> b.profileName(name)));
    }

    public SignedPayload signPayload(String profileName, byte[] payload, String payloadFormat) {
        SignPayloadResponse r = call(() -> client.signPayload(b -> b.profileName(profileName)
                .payload(SdkBytes.fromByteArrayUnsafe(payload))
                .payloadFormat(payloadFormat)));
        if (r.signature() == null || r.jobId() == null) {
            throw new CliException(ExitCode.UNAVAILABLE, "the server returned no signature");
        }
        return new SignedPayload(
                r.jobId(),
                Optional.ofNullable(r.jobOwner()).orElse(""),
                r.signature().asByteArray(),
                r.metadata());
    }

    private static ProfileView view(SigningProfile p) {
        SignatureValidityPeriod period = p.signatureValidityPeriod();
        return new ProfileView(
                p.profileName(),
                Optional.ofNullable(p.arn()),
                Optional.ofNullable(p.profileVersion()),
                Optional.ofNullable(p.profileVersionArn()),
                Optional.ofNullable(p.platformId()),
                Optional.ofNullable(p.platformDisplayName()),
                Optional.ofNullable(p.statusAsString()),
                Optional.empty(),
                Optional.ofNullable(period).map(SignatureValidityPeriod::value),
                Optional.ofNullable(period).map(SignatureValidityPeriod::typeAsString));
    }

    private <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (AwsServiceException e) {
            throw rejected(e);
        } catch (SdkClientException e) {
            throw Unreachable.error(endpoint, e);
        }
    }

    private CliException rejected(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String message =
                e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return ServerRefusal.of(credentials, e.statusCode(), code, message, e);
    }

    @Override
    public void close() {
        client.close();
    }
}
