package dev.signet.cli.credentials;

import dev.signet.cli.CliException;
import dev.signet.core.sigv4.AccessKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The credentials of a named AWS profile ({@link AwsProfiles}), resolved as the AWS CLI resolves
 * them: a profile with {@code role_arn} assumes that role (STS AssumeRole, {@link RoleAssumer}) with
 * the credentials of its {@code source_profile}, which has static keys ({@code aws_access_key_id},
 * {@code aws_secret_access_key}, optionally {@code aws_session_token}) or is itself a role profile; a
 * profile without {@code role_arn} has static keys. AssumeRole takes {@code external_id}, {@code
 * role_session_name} (default {@code signet-cli-EPOCHSECONDS}) and {@code duration_seconds}.
 *
 * <p>Refuses, as a usage error naming the profile: a missing profile, a profile without credentials,
 * {@code credential_source}, {@code mfa_serial}, a chain of source profiles longer than {@link
 * #MAX_CHAIN}, and a cycle of source profiles (a profile may name itself only when it holds static
 * keys, which then assume its role, as botocore allows). Each profile's credentials are resolved once
 * per instance, so a run assumes each role at most once; nothing is written to disk.
 */
public final class ProfileCredentials {
    /** The most role profiles one chain may pass through. */
    public static final int MAX_CHAIN = 8;

    /** STS AssumeRole with the given credentials. */
    @FunctionalInterface
    public interface RoleAssumer {
        /**
         * @throws CliException when the server refuses (its message) or cannot be reached
         */
        Credentials assume(Credentials caller, RoleRequest request);
    }

    /** One AssumeRole request, from a profile's settings. */
    public record RoleRequest(
            String profile,
            String roleArn,
            String sessionName,
            Optional<String> externalId,
            Optional<Integer> durationSeconds) {
        public RoleRequest {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(roleArn, "roleArn");
            Objects.requireNonNull(sessionName, "sessionName");
            Objects.requireNonNull(externalId, "externalId");
            Objects.requireNonNull(durationSeconds, "durationSeconds");
        }
    }

    private final AwsProfiles profiles;
    private final RoleAssumer sts;
    private final Clock clock;
    private final Map<String, Credentials> resolved = new HashMap<>();

    public ProfileCredentials(AwsProfiles profiles, RoleAssumer sts, Clock clock) {
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.sts = Objects.requireNonNull(sts, "sts");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The credentials of {@code profile}.
     *
     * @throws CliException a usage error for a profile that is missing or cannot give credentials; the
     *     STS client's error when AssumeRole fails
     */
    public Credentials of(String profile) {
        requireExists(profile, "the profile");
        if (profiles.get(profile, "role_arn").isPresent()) {
            return assumed(profile, new ArrayList<>(List.of(profile)));
        }
        return staticKeys(profile).orElseThrow(() -> noCredentials(profile));
    }

    private Credentials assumed(String profile, List<String> chain) {
        Credentials cached = resolved.get(profile);
        if (cached != null) {
            return cached;
        }
        String roleArn = profiles.get(profile, "role_arn").orElseThrow();
        if (profiles.get(profile, "credential_source").isPresent()) {
            throw refused(profile, "credential_source is not supported by signet; name a source_profile");
        }
        if (profiles.get(profile, "mfa_serial").isPresent()) {
            throw refused(profile, "mfa_serial is not supported by signet (Signet's STS serves no MFA)");
        }
        String source = profiles.get(profile, "source_profile")
                .orElseThrow(() -> refused(profile, "role_arn needs a source_profile"));
        Credentials caller = sourceCredentials(profile, source, chain);
        RoleRequest request = new RoleRequest(
                profile,
                roleArn,
                profiles.get(profile, "role_session_name")
                        .orElse("signet-cli-" + clock.instant().getEpochSecond()),
                profiles.get(profile, "external_id"),
                profiles.get(profile, "duration_seconds").map(value -> seconds(profile, value)));
        Credentials session = sts.assume(caller, request);
        resolved.put(profile, session);
        return session;
    }

    /** The source profile's static keys, else its own role's session (botocore's order). */
    private Credentials sourceCredentials(String profile, String source, List<String> chain) {
        requireExists(source, "the source_profile of profile '" + profile + "',");
        Optional<Credentials> keys = staticKeys(source);
        if (chain.contains(source)) {
            // a profile may assume its own role with its own keys; any other return is a cycle
            if (source.equals(profile) && keys.isPresent()) {
                return keys.get();
            }
            chain.add(source);
            throw CliException.usage("the source_profile settings form a cycle: " + String.join(" -> ", chain) + " (in "
                    + profiles.files() + ")");
        }
        if (keys.isPresent()) {
            return keys.get();
        }
        if (profiles.get(source, "role_arn").isEmpty()) {
            throw noCredentials(source);
        }
        if (chain.size() >= MAX_CHAIN) {
            throw CliException.usage("the chain of source_profile settings from profile '" + chain.get(0)
                    + "' is longer than " + MAX_CHAIN + " profiles");
        }
        chain.add(source);
        return assumed(source, chain);
    }

    private Optional<Credentials> staticKeys(String profile) {
        Optional<String> id = profiles.get(profile, "aws_access_key_id");
        Optional<String> secret = profiles.get(profile, "aws_secret_access_key");
        if (id.isEmpty() && secret.isEmpty()) {
            return Optional.empty();
        }
        if (id.isEmpty() || secret.isEmpty()) {
            throw refused(profile, "set both aws_access_key_id and aws_secret_access_key, or neither");
        }
        Optional<String> token = profiles.get(profile, "aws_session_token");
        try {
            return Optional.of(new Credentials(
                    new AccessKey(id.get(), secret.get()), token, Optional.empty(), "profile '" + profile + "'"));
        } catch (IllegalArgumentException e) {
            throw refused(profile, "aws_session_token is not a session token (" + e.getMessage() + ")");
        }
    }

    private int seconds(String profile, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw refused(profile, "duration_seconds is not a whole number of seconds");
        }
    }

    private void requireExists(String profile, String what) {
        if (!profiles.exists(profile)) {
            throw CliException.usage(what + " '" + profile + "' is not in " + profiles.files());
        }
    }

    private CliException noCredentials(String profile) {
        String unsupported =
                List.of("credential_process", "sso_start_url", "sso_session", "web_identity_token_file").stream()
                        .filter(name -> profiles.get(profile, name).isPresent())
                        .findFirst()
                        .map(name -> " (" + name + " is not supported by signet)")
                        .orElse("");
        return refused(
                profile,
                "no credentials: expected aws_access_key_id and aws_secret_access_key, or role_arn and"
                        + " source_profile" + unsupported);
    }

    private CliException refused(String profile, String what) {
        return CliException.usage("profile '" + profile + "' (" + profiles.files() + "): " + what);
    }
}
