package dev.signet.cli.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.core.sigv4.AccessKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How a named profile's credentials are resolved from the AWS CLI's two files: static keys, role
 * profiles and their source chains, what is refused. STS is a recorder here (the real server's STS:
 * {@code TemporaryCredentialsTest}).
 */
class ProfileCredentialsTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final String KEYS = "aws_access_key_id = AKIASOURCE\naws_secret_access_key = secret\n";
    /** {@link #KEYS} with its line ends escaped, for the CSV rows. */
    private static final String KEY_LINES = "aws_access_key_id = AKIASOURCE\\naws_secret_access_key = secret\\n";

    @TempDir
    Path dir;

    private final List<String> assumed = new ArrayList<>();

    /** Answers AssumeRole with a session whose key id names the role and the caller's key. */
    private final ProfileCredentials.RoleAssumer sts = (caller, request) -> {
        assumed.add(request.roleArn() + " by " + caller.key().id() + " as " + request.sessionName()
                + request.externalId().map(id -> " external " + id).orElse("")
                + request.durationSeconds().map(s -> " for " + s).orElse(""));
        return new Credentials(
                new AccessKey("ASIA" + request.profile().toUpperCase(), "s"),
                Optional.of("token"),
                Optional.of(NOW.plusSeconds(3600)),
                "profile '" + request.profile() + "'");
    };

    private ProfileCredentials profiles(String config, String credentials) throws Exception {
        Files.writeString(dir.resolve("config"), config);
        Files.writeString(dir.resolve("credentials"), credentials);
        PrintWriter sink = new PrintWriter(new StringWriter());
        CliContext context = new CliContext(
                sink,
                sink,
                Map.of(
                        "HOME",
                        dir.resolve("home").toString(),
                        "AWS_CONFIG_FILE",
                        "config",
                        "AWS_SHARED_CREDENTIALS_FILE",
                        "~/../credentials"),
                dir);
        return new ProfileCredentials(AwsProfiles.read(context), sts, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void staticKeysWithASessionTokenAndTheCredentialsFileWinsOverTheConfigFile() throws Exception {
        ProfileCredentials p = profiles(
                "[profile dev]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = c\n"
                        + "aws_session_token = from-config\n[default]\n" + KEYS,
                "[dev]\naws_access_key_id = AKIACREDS\naws_secret_access_key = k\n");

        Credentials dev = p.of("dev");
        assertThat(dev.key()).isEqualTo(new AccessKey("AKIACREDS", "k"));
        assertThat(dev.sessionToken()).hasValue("from-config");
        assertThat(p.of("default").key().id()).isEqualTo("AKIASOURCE");
        assertThat(assumed).isEmpty();
    }

    @Test
    void aRoleProfileAssumesItsRoleOncePerInstanceWithItsSettings() throws Exception {
        ProfileCredentials p = profiles(
                "[profile release]\nrole_arn = arn:aws:iam::000000000000:role/Release\nsource_profile = ci\n"
                        + "external_id = ext-1\nduration_seconds = 900\nrole_session_name = build\n"
                        + "[profile plain]\nrole_arn = arn:aws:iam::000000000000:role/Plain\nsource_profile = ci\n",
                "[ci]\n" + KEYS);

        Credentials session = p.of("release");
        assertThat(p.of("release")).isSameAs(session);
        assertThat(session.sessionToken()).hasValue("token");
        p.of("plain");
        assertThat(assumed)
                .containsExactly(
                        "arn:aws:iam::000000000000:role/Release by AKIASOURCE as build external ext-1 for 900",
                        "arn:aws:iam::000000000000:role/Plain by AKIASOURCE as signet-cli-" + NOW.getEpochSecond());
    }

    @Test
    void aChainOfRoleProfilesAssumesEachRoleWithThePreviousSession() throws Exception {
        ProfileCredentials p = profiles(
                "[profile a]\nrole_arn = arn:aws:iam::000000000000:role/A\nsource_profile = b\n"
                        + "[profile b]\nrole_arn = arn:aws:iam::000000000000:role/B\nsource_profile = c\n"
                        + "[profile c]\n" + KEYS,
                "");

        assertThat(p.of("a").key().id()).isEqualTo("ASIAA");
        assertThat(assumed)
                .containsExactly(
                        "arn:aws:iam::000000000000:role/B by AKIASOURCE as signet-cli-" + NOW.getEpochSecond(),
                        "arn:aws:iam::000000000000:role/A by ASIAB as signet-cli-" + NOW.getEpochSecond());
    }

    @Test
    void aProfileMayAssumeItsOwnRoleWithItsOwnKeys() throws Exception {
        ProfileCredentials p = profiles(
                "[profile self]\nrole_arn = arn:aws:iam::000000000000:role/Self\nsource_profile = self\n" + KEYS, "");

        assertThat(p.of("self").key().id()).isEqualTo("ASIASELF");
        assertThat(assumed)
                .containsExactly(
                        "arn:aws:iam::000000000000:role/Self by AKIASOURCE as signet-cli-" + NOW.getEpochSecond());
    }

    @Test
    void aChainLongerThanTheBoundIsRefused() throws Exception {
        StringBuilder config = new StringBuilder();
        for (int i = 0; i <= ProfileCredentials.MAX_CHAIN; i++) {
            config.append("[profile p")
                    .append(i)
                    .append("]\nrole_arn = arn:aws:iam::000000000000:role/R\n")
                    .append("source_profile = p")
                    .append(i + 1)
                    .append('\n');
        }
        config.append("[profile p")
                .append(ProfileCredentials.MAX_CHAIN + 1)
                .append("]\n")
                .append(KEYS);
        ProfileCredentials p = profiles(config.toString(), "");

        assertThatThrownBy(() -> p.of("p0"))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessage("the chain of source_profile settings from profile 'p0' is longer than "
                        + ProfileCredentials.MAX_CHAIN + " profiles");
        assertThat(assumed).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "[profile r]\\nrole_arn = arn:aws:iam::0:role/R\\nsource_profile = r\\n|r|the source_profile settings"
                        + " form a cycle: r -> r",
                "[profile r]\\nrole_arn = arn:aws:iam::0:role/R\\n|r|role_arn needs a source_profile",
                "[profile r]\\nrole_arn = arn:aws:iam::0:role/R\\ncredential_source = Environment\\n|r|credential_source"
                        + " is not supported",
                "[profile r]\\nrole_arn = arn:aws:iam::0:role/R\\nsource_profile = s\\nmfa_serial = x\\n[profile s]\\n"
                        + KEY_LINES + "|r|mfa_serial is not supported",
                "[profile r]\\nrole_arn = arn:aws:iam::0:role/R\\nsource_profile = gone\\n|r|the source_profile of profile"
                        + " 'r', 'gone' is not in",
                "[profile r]\\nrole_arn = arn:aws:iam::0:role/R\\nsource_profile = s\\n[profile s]\\nregion = x\\n|r|profile"
                        + " 's'",
                "[profile r]\\nrole_arn = arn:aws:iam::0:role/R\\nsource_profile = s\\nduration_seconds = 1h\\n[profile s]\\n"
                        + KEY_LINES + "|r|duration_seconds is not a whole number of seconds",
                "[profile k]\\naws_access_key_id = AKIAONLY\\n|k|set both aws_access_key_id and aws_secret_access_key",
                "[profile k]\\ncredential_process = /bin/creds\\n|k|credential_process is not supported by signet",
                "[profile k]\\n" + KEY_LINES
                        + "aws_session_token = two words\\n|k|aws_session_token is not a session token",
                "[profile k]\\n|missing|the profile 'missing' is not in",
            })
    void refusesWhatCannotGiveCredentialsNamingTheProfile(String config, String profile, String message)
            throws Exception {
        ProfileCredentials p = profiles(config.replace("\\n", "\n"), "");

        assertThatThrownBy(() -> p.of(profile))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining(message);
        assertThat(assumed).isEmpty();
    }

    @Test
    void aMalformedFileIsRefusedWithItsNameAndLineButNotItsText() throws Exception {
        Files.writeString(dir.resolve("config"), "[profile ok]\nregion = x\nsecretvalue-without-equals\n");
        PrintWriter sink = new PrintWriter(new StringWriter());
        CliContext context =
                new CliContext(sink, sink, Map.of("AWS_CONFIG_FILE", "config", "HOME", dir.toString()), dir);

        assertThatThrownBy(() -> AwsProfiles.read(context))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessage("malformed AWS config file " + dir.resolve("config") + " line 3: expected name = value");
    }
}
