package dev.signet.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialsFileTest {

    @Test
    void readsProfilesWithCommentsAndBlankLines() {
        CredentialsFile f = CredentialsFile.parse(
                "# bootstrap admin\n\n[default]\naws_access_key_id=X\n[signet]\r\n"
                        + "aws_access_key_id = AKIDSIGNET\n; comment\naws_secret_access_key = s3cr=t\nregion = eu-west-1\n",
                "credentials");
        assertThat(f.get("signet", "aws_access_key_id")).contains("AKIDSIGNET");
        assertThat(f.get("signet", "aws_secret_access_key")).contains("s3cr=t");
        assertThat(f.get("signet", "region")).contains("eu-west-1");
        assertThat(f.get("default", "aws_access_key_id")).contains("X");
        assertThat(f.get("signet", "missing")).isEmpty();
        assertThat(f.get("other", "aws_access_key_id")).isEmpty();
        assertThat(f.hasProfile("signet")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "aws_access_key_id = before-any-section",
                "[signet\naws_access_key_id = x",
                "[]\naws_access_key_id = x",
                "[signet]\nthis line is not a property supersecret",
                "[signet]\n= value-without-key",
            })
    void refusesMalformedLinesWithoutEchoingThem(String content) {
        assertThatThrownBy(() -> CredentialsFile.parse(content, "creds"))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("creds line")
                .message()
                .doesNotContain("supersecret", "before-any-section", "value-without-key");
    }

    @Test
    void accessKeyNeverPrintsTheSecret() {
        assertThat(new AccessKey("AKID", "topsecret").toString())
                .contains("AKID")
                .doesNotContain("topsecret");
    }
}
