package dev.signet.cli.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentCredentialsTest {
    private static CliContext context(Map<String, String> env) {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return new CliContext(sink, sink, env, Path.of("."));
    }

    @Test
    void keysWithASessionTokenAndExpiration() {
        Credentials c = EnvironmentCredentials.of(context(Map.of(
                        "AWS_ACCESS_KEY_ID", "ASIAEXAMPLE",
                        "AWS_SECRET_ACCESS_KEY", "wJalrSecretValue",
                        "AWS_SESSION_TOKEN", "tok/en+=",
                        "AWS_CREDENTIAL_EXPIRATION", "2026-12-07T13:00:00+01:00")))
                .orElseThrow();

        assertThat(c.sessionToken()).hasValue("tok/en+=");
        assertThat(c.expiration()).hasValue(Instant.parse("2026-12-07T12:00:00Z"));
        assertThat(c.temporaryKey()).isTrue();
        assertThat(c.toString()).doesNotContain("wJalrSecretValue").doesNotContain("tok/en");
        assertThat(EnvironmentCredentials.of(context(Map.of()))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "AWS_ACCESS_KEY_ID|AKIA|AWS_REGION|x|set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
                "AWS_SESSION_TOKEN|t|AWS_REGION|x|AWS_SESSION_TOKEN is set without AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY|s|AWS_SESSION_TOKEN|a b|set both",
            })
    void refusesHalfCredentials(String n1, String v1, String n2, String v2, String message) {
        assertThatThrownBy(() -> EnvironmentCredentials.of(context(Map.of(n1, v1, n2, v2))))
                .isInstanceOf(CliException.class)
                .hasMessageContaining(message);
    }

    @Test
    void refusesATokenThatCannotBeAHeaderAndAnExpirationThatIsNoTime() {
        assertThatThrownBy(() -> EnvironmentCredentials.of(context(Map.of(
                        "AWS_ACCESS_KEY_ID", "ASIA", "AWS_SECRET_ACCESS_KEY", "s", "AWS_SESSION_TOKEN", "a\r\nX: y"))))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("AWS_SESSION_TOKEN is not a session token");
        assertThatThrownBy(() -> EnvironmentCredentials.of(context(Map.of(
                        "AWS_ACCESS_KEY_ID",
                        "ASIA",
                        "AWS_SECRET_ACCESS_KEY",
                        "s",
                        "AWS_CREDENTIAL_EXPIRATION",
                        "soon"))))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time");
    }
}
