package dev.signet.cli.credentials;

import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.core.sigv4.CredentialsFile;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The AWS CLI's named profiles, read as it reads them: the shared credentials file ({@code
 * AWS_SHARED_CREDENTIALS_FILE}, default {@code ~/.aws/credentials}, sections {@code [NAME]}) over the
 * config file ({@code AWS_CONFIG_FILE}, default {@code ~/.aws/config}, sections {@code [profile NAME]},
 * and {@code [default]} for the profile {@code default}); a setting in both files is the credentials
 * file's. A missing file is an empty one; a malformed one is refused with its name and line number
 * ({@link CredentialsFile}), never its text. Immutable.
 */
public final class AwsProfiles {
    static final String CONFIG_KIND = "AWS config file";
    static final String CREDENTIALS_KIND = "AWS shared credentials file";

    private final Path configPath;
    private final Path credentialsPath;
    private final Optional<CredentialsFile> config;
    private final Optional<CredentialsFile> credentials;

    private AwsProfiles(
            Path configPath,
            Path credentialsPath,
            Optional<CredentialsFile> config,
            Optional<CredentialsFile> credentials) {
        this.configPath = configPath;
        this.credentialsPath = credentialsPath;
        this.config = config;
        this.credentials = credentials;
    }

    /**
     * Reads both files where the environment of {@code context} says they are ({@code ~} is the
     * {@code HOME} directory, as the AWS CLI expands it).
     *
     * @throws CliException (usage) for a file that cannot be read or does not parse
     */
    public static AwsProfiles read(CliContext context) {
        Path configPath = path(context, "AWS_CONFIG_FILE", "config");
        Path credentialsPath = path(context, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
        return new AwsProfiles(
                configPath,
                credentialsPath,
                readFile(configPath, CONFIG_KIND),
                readFile(credentialsPath, CREDENTIALS_KIND));
    }

    /** Whether either file defines the profile. */
    public boolean exists(String profile) {
        return credentials.map(f -> f.hasProfile(profile)).orElse(false)
                || configSection(profile).isPresent();
    }

    /** A setting of the profile (the credentials file's, else the config file's), if not blank. */
    public Optional<String> get(String profile, String name) {
        return credentials
                .flatMap(f -> f.get(profile, name))
                .or(() -> configSection(profile).flatMap(section -> config.flatMap(f -> f.get(section, name))));
    }

    /** The two files, for messages. */
    public String files() {
        return configPath + " or " + credentialsPath;
    }

    /** {@code [profile NAME]}, or for {@code default} also {@code [default]}, as the config file has it. */
    private Optional<String> configSection(String profile) {
        if (config.isEmpty()) {
            return Optional.empty();
        }
        List<String> candidates =
                profile.equals("default") ? List.of("profile default", "default") : List.of("profile " + profile);
        return candidates.stream().filter(config.get()::hasProfile).findFirst();
    }

    private static Path path(CliContext context, String variable, String name) {
        Path home = Path.of(context.env("HOME").orElse(System.getProperty("user.home")));
        try {
            return context.env(variable)
                    .map(value -> expandHome(value, home))
                    .map(context::resolve)
                    .orElse(home.resolve(".aws").resolve(name));
        } catch (InvalidPathException e) {
            throw CliException.usage(variable + " is not a path: " + e.getMessage());
        }
    }

    private static Path expandHome(String value, Path home) {
        if (value.equals("~")) {
            return home;
        }
        return value.startsWith("~/") ? home.resolve(value.substring(2)) : Path.of(value);
    }

    private static Optional<CredentialsFile> readFile(Path path, String kind) {
        try {
            return CredentialsFile.read(path, kind);
        } catch (CredentialsFile.MalformedException e) {
            throw CliException.usage(e.getMessage());
        } catch (IOException e) {
            throw CliException.usage("cannot read the " + kind + " " + path + ": " + e.getMessage());
        }
    }
}
