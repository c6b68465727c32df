package dev.signet.cli.client;

import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.cli.DataDir;
import dev.signet.core.sigv4.AccessKey;
import dev.signet.core.sigv4.CredentialsFile;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How client commands find the server and credentials. Endpoint: {@code --endpoint}, then {@code
 * AWS_ENDPOINT_URL}, then the URL a running {@code signet server} wrote to {@code DATA/endpoint},
 * then {@code http://127.0.0.1:8080}. Credentials: {@code AWS_ACCESS_KEY_ID} + {@code
 * AWS_SECRET_ACCESS_KEY}, then profile {@code signet} of {@code DATA/credentials}. Region: {@code
 * AWS_REGION}, then the credentials file's {@code region}, then {@code us-east-1}. The options
 * themselves are global ({@link dev.signet.cli.GlobalOptions}).
 */
public final class ClientOptions {
    public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:8080";
    public static final String PROFILE = CredentialsFile.BOOTSTRAP_PROFILE;
    private static final String DEFAULT_REGION = "us-east-1";

    String endpoint;
    Path data;

    /** The options as given: {@code --endpoint} and {@code --data}, either may be null. */
    public static ClientOptions of(String endpoint, Path data) {
        ClientOptions options = new ClientOptions();
        options.endpoint = endpoint;
        options.data = data;
        return options;
    }

    public Path dataDir(CliContext context) {
        return DataDir.resolve(context, Optional.ofNullable(data));
    }

    public URI endpoint(CliContext context) {
        Optional<String> chosen = Optional.ofNullable(endpoint)
                .or(() -> context.env("AWS_ENDPOINT_URL"))
                .or(() -> runningServer(dataDir(context)));
        return parseEndpoint(chosen.orElse(DEFAULT_ENDPOINT));
    }

    public ClientSettings settings(CliContext context) {
        Path dataDir = dataDir(context);
        Optional<CredentialsFile> file = credentialsFile(dataDir);
        AccessKey key = fromEnvironment(context)
                .or(() -> file.flatMap(f -> f.accessKey(PROFILE)))
                .orElseThrow(() -> CliException.usage("no credentials: set AWS_ACCESS_KEY_ID and"
                        + " AWS_SECRET_ACCESS_KEY, or point --data at the directory of a server that has"
                        + " started once (looked for " + DataDir.credentials(dataDir) + ")"));
        String region = context.env("AWS_REGION")
                .or(() -> context.env("AWS_DEFAULT_REGION"))
                .or(() -> file.flatMap(f -> f.get(PROFILE, "region")))
                .orElse(DEFAULT_REGION);
        return new ClientSettings(endpoint(context), region, key, dataDir);
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

    private static Optional<AccessKey> fromEnvironment(CliContext context) {
        Optional<String> id = context.env("AWS_ACCESS_KEY_ID");
        Optional<String> secret = context.env("AWS_SECRET_ACCESS_KEY");
        if (id.isPresent() != secret.isPresent()) {
            throw CliException.usage("set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither");
        }
        return id.map(i -> new AccessKey(i, secret.orElseThrow()));
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
