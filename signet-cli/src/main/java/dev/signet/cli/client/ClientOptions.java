package dev.signet.cli.client;

import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.cli.DataDir;
import dev.signet.cli.credentials.AwsProfiles;
import dev.signet.cli.credentials.Credentials;
import dev.signet.cli.credentials.EnvironmentCredentials;
import dev.signet.cli.credentials.ProfileCredentials;
import dev.signet.core.sigv4.CredentialsFile;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * How client commands find the server and credentials (docs: README, "Credentials"; the same order as
 * the AWS CLI where it applies). Endpoint: {@code --endpoint}, then {@code AWS_ENDPOINT_URL}, then the
 * named AWS profile's {@code endpoint_url}, then the URL a running {@code signet server} wrote to
 * {@code DATA/endpoint}, then {@code http://127.0.0.1:8080}. Credentials: the AWS profile named by
 * {@code --aws-profile} (which, as the AWS CLI's {@code --profile}, overrides the environment's keys);
 * else {@code AWS_ACCESS_KEY_ID} + {@code AWS_SECRET_ACCESS_KEY} (+ {@code AWS_SESSION_TOKEN}, {@code
 * AWS_CREDENTIAL_EXPIRATION}); else the AWS profile named by {@code AWS_PROFILE}; else profile {@code
 * signet} of {@code DATA/credentials}. The AWS CLI's files ({@link AwsProfiles}) are read only when a
 * profile is named, so real AWS credentials are never sent to Signet unasked; a role profile is
 * assumed through the same endpoint ({@link AssumeRoleClient}) once per invocation. Region: {@code
 * AWS_REGION}, then {@code AWS_DEFAULT_REGION}, then the named profile's {@code region}, then the data
 * directory's credentials file's {@code region}, then {@code us-east-1}. The options themselves are
 * global ({@link dev.signet.cli.GlobalOptions}).
 */
public final class ClientOptions {
    public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:8080";
    public static final String PROFILE = CredentialsFile.BOOTSTRAP_PROFILE;
    private static final String DEFAULT_REGION = "us-east-1";

    String endpoint;
    Path data;
    String awsProfile;
    private AwsProfiles awsProfiles;
    private ClientSettings settings;
    private CliContext settingsContext;

    /** The options as given: {@code --endpoint} and {@code --data}, either may be null. */
    public static ClientOptions of(String endpoint, Path data) {
        return of(endpoint, data, null);
    }

    /** The options as given: {@code --endpoint}, {@code --data} and {@code --aws-profile}, any may be null. */
    public static ClientOptions of(String endpoint, Path data, String awsProfile) {
        ClientOptions options = new ClientOptions();
        options.endpoint = endpoint;
        options.data = data;
        options.awsProfile = awsProfile;
        return options;
    }

    public Path dataDir(CliContext context) {
        return DataDir.resolve(context, Optional.ofNullable(data));
    }

    public URI endpoint(CliContext context) {
        Optional<String> chosen = Optional.ofNullable(endpoint)
                .or(() -> context.env("AWS_ENDPOINT_URL"))
                .or(() -> namedProfile(context).flatMap(p -> profiles(context).get(p, "endpoint_url")))
                .or(() -> runningServer(dataDir(context)));
        return parseEndpoint(chosen.orElse(DEFAULT_ENDPOINT));
    }

    /**
     * The endpoint, region and credentials; looked up once per instance and context (one
     * invocation), so a role profile's session is assumed once however many clients the command opens.
     */
    public ClientSettings settings(CliContext context) {
        if (settings == null || settingsContext != context) {
            awsProfiles = null;
            settings = lookUp(context);
            settingsContext = context;
        }
        return settings;
    }

    private ClientSettings lookUp(CliContext context) {
        Path dataDir = dataDir(context);
        Optional<String> profile = namedProfile(context);
        Optional<CredentialsFile> file = credentialsFile(dataDir);
        String region = context.env("AWS_REGION")
                .or(() -> context.env("AWS_DEFAULT_REGION"))
                .or(() -> profile.flatMap(p -> profiles(context).get(p, "region")))
                .or(() -> file.flatMap(f -> f.get(PROFILE, "region")))
                .orElse(DEFAULT_REGION);
        URI endpoint = endpoint(context);
        Optional<Credentials> environment = awsProfile == null ? EnvironmentCredentials.of(context) : Optional.empty();
        Credentials credentials = environment
                .or(() -> profile.map(p -> new ProfileCredentials(
                                profiles(context),
                                new AssumeRoleClient(endpoint, region, Clock.systemUTC()),
                                Clock.systemUTC())
                        .of(p)))
                .or(() -> file.flatMap(f -> f.accessKey(PROFILE))
                        .map(key -> Credentials.longTerm(
                                key, "profile '" + PROFILE + "' of " + DataDir.credentials(dataDir))))
                .orElseThrow(() -> CliException.usage("no credentials: set AWS_ACCESS_KEY_ID and"
                        + " AWS_SECRET_ACCESS_KEY, name an AWS profile (--aws-profile or AWS_PROFILE), or point"
                        + " --data at the directory of a server that has started once (looked for "
                        + DataDir.credentials(dataDir) + ")"));
        return new ClientSettings(endpoint, region, credentials, dataDir);
    }

    /**
     * The AWS profile whose settings apply: {@code --aws-profile}, else {@code AWS_PROFILE}. Its
     * credentials apply unless {@code AWS_PROFILE} named it and the environment holds keys (which then
     * win, as in the AWS CLI); its region and endpoint apply either way.
     */
    private Optional<String> namedProfile(CliContext context) {
        return Optional.ofNullable(awsProfile).or(() -> context.env("AWS_PROFILE"));
    }

    private AwsProfiles profiles(CliContext context) {
        if (awsProfiles == null) {
            awsProfiles = AwsProfiles.read(context);
        }
        return awsProfiles;
    }

    static URI parseEndpoint(String value) {
        try {
            URI uri = new URI(value.strip());
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (!http || uri.getHost() == null) {
                throw CliException.usage("bad endpoint '" + value + "': expected http://HOST:PORT");
            }
            String text = uri.toString();
            while (text.endsWith("/")) {
                text = text.substring(0, text.length() - 1);
            }
            return URI.create(text);
        } catch (URISyntaxException e) {
            throw CliException.usage("bad endpoint '" + value + "': expected http://HOST:PORT");
        }
    }

    private static Optional<CredentialsFile> credentialsFile(Path dataDir) {
        Path path = DataDir.credentials(dataDir);
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            return CredentialsFile.read(path);
        } catch (CredentialsFile.MalformedException e) {
            throw CliException.usage(e.getMessage());
        } catch (IOException e) {
            throw CliException.usage("cannot read " + path + ": " + e.getMessage());
        }
    }

    private static Optional<String> runningServer(Path dataDir) {
        Path file = DataDir.endpointFile(dataDir);
        try {
            if (Files.isRegularFile(file) && Files.size(file) < 1024) {
                return Optional.of(
                                Files.readString(file, StandardCharsets.UTF_8).strip())
                        .filter(s -> !s.isEmpty());
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
