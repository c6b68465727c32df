package dev.signet.core.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The credentials file as the AWS CLI reads it: each expectation is what botocore's {@code
 * configloader.raw_config_parse} (AWS CLI 1.45, botocore 1.43) gives for the same file, refusals
 * included.
 */
class CredentialsFileTest {
    @TempDir
    Path dir;

    @Test
    void readsProfilesWithCommentsAndBlankLines() throws IOException {
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
        assertThat(f.accessKey("signet")).contains(new AccessKey("AKIDSIGNET", "s3cr=t"));
        assertThat(f.accessKey("default")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // name and value trimmed, the first '=' or ':' splits, names case-insensitive
                "'[p]\n  Region\t=  eu-west-1  \n'|region|eu-west-1",
                "'[p]\nregion: eu-west-1\n'|region|eu-west-1",
                "'[p]\nurl = http://h:1/a=b\n'|url|http://h:1/a=b",
                "'[p]\nurl: http://h:1/a=b\n'|url|http://h:1/a=b",
                // no inline comments
                "'[p]\nregion = eu-west-1 # ireland\n'|region|eu-west-1 # ireland",
                "'[p]\nregion = eu-west-1 ;x\n'|region|eu-west-1 ;x",
                // a deeper-indented line continues the value; comments and blank lines inside are skipped
                "'[p]\nnote = a\n  b\n# c\n\n  d\n\n'|note|'a\nb\n\nd'",
                // [DEFAULT] is inherited, a profile's own value wins
                "'[DEFAULT]\nregion = us-west-2\n[p]\nx = 1\n'|region|us-west-2",
                "'[DEFAULT]\nregion = us-west-2\n[p]\nregion = eu-west-1\n'|region|eu-west-1",
                // text after the closing bracket is ignored; the name is taken as written
                "'[p] trailing\nregion = r\n'|region|r",
                // old Mac line ends
                "'[p]\rregion = r\r'|region|r",
            })
    void readsAsTheAwsCliReads(String content, String name, String expected) throws IOException {
        assertThat(CredentialsFile.parse(content, "f").get("p", name)).contains(expected);
    }

    @Test
    void profileNamesAreTakenAsWrittenAndDefaultIsNoProfile() throws IOException {
        CredentialsFile f = CredentialsFile.parse("[ signet ]\nregion = r\n[DEFAULT]\nx = y\n", "f");
        assertThat(f.hasProfile(" signet ")).isTrue();
        assertThat(f.hasProfile("signet")).isFalse();
        assertThat(f.hasProfile("DEFAULT")).isFalse();
        assertThat(f.get("signet", "region")).isEmpty();
    }

    @Test
    void blankValuesCountAsAbsent() throws IOException {
        CredentialsFile f = CredentialsFile.parse("[p]\naws_access_key_id =\naws_secret_access_key = s\n", "f");
        assertThat(f.get("p", "aws_access_key_id")).isEmpty();
        assertThat(f.accessKey("p")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "aws_access_key_id = before-any-section",
                "[signet\naws_access_key_id = x",
                "[]\naws_access_key_id = x",
                "[signet]\nthis line is not a property supersecret",
                "[signet]\n= value-without-key",
                "[signet]\naws_secret_access_key = supersecret\n[signet]\nregion = r",
                "[signet]\naws_secret_access_key = supersecret\nAWS_Secret_Access_Key = supersecret",
            })
    void refusesWhatTheAwsCliRefusesWithoutEchoingIt(String content) {
        assertThatThrownBy(() -> CredentialsFile.parse(content, "creds"))
                .isInstanceOf(CredentialsFile.MalformedException.class)
                .hasMessageStartingWith("malformed credentials file creds line ")
                .message()
                .doesNotContain("supersecret", "before-any-section", "value-without-key");
    }

    @Test
    void writesAnOwnerOnlyProfileThatReadsBack() throws IOException {
        Path file = dir.resolve("data/credentials");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "[old]\nx = y\n");

        CredentialsFile.writeAccessKey(file, "signet", new AccessKey("AKID", "se/cr+et="), "eu-west-1");

        assertThat(file)
                .hasContent(
                        "[signet]\naws_access_key_id = AKID\naws_secret_access_key = se/cr+et=\nregion = eu-west-1\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        CredentialsFile read = CredentialsFile.read(file).orElseThrow();
        assertThat(read.accessKey("signet")).contains(new AccessKey("AKID", "se/cr+et="));
        assertThat(read.get("signet", "region")).contains("eu-west-1");
        assertThat(read.hasProfile("old")).isFalse();
        assertThat(CredentialsFile.read(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void addsAProfileKeepingTheOthersAndNeverReplacesOne() throws IOException {
        Path file = dir.resolve("credentials");
        assertThat(CredentialsFile.addAccessKey(file, "team-b", new AccessKey("AKIDB", "sb"), "us-east-1"))
                .isTrue();
        assertThat(file)
                .hasContent("[team-b]\naws_access_key_id = AKIDB\naws_secret_access_key = sb\nregion = us-east-1\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");

        Files.writeString(file, "[default]\naws_access_key_id = A\naws_secret_access_key = s");
        assertThat(CredentialsFile.addAccessKey(file, "team-c", new AccessKey("AKIDC", "sc"), "us-east-1"))
                .isTrue();
        CredentialsFile read = CredentialsFile.read(file).orElseThrow();
        assertThat(read.accessKey("default")).contains(new AccessKey("A", "s"));
        assertThat(read.accessKey("team-c")).contains(new AccessKey("AKIDC", "sc"));

        String before = Files.readString(file);
        assertThat(CredentialsFile.addAccessKey(file, "team-c", new AccessKey("AKIDX", "sx"), "us-east-1"))
                .isFalse();
        assertThat(file).hasContent(before);

        Files.writeString(file, "aws_access_key_id = outside a section\n");
        assertThatThrownBy(() -> CredentialsFile.addAccessKey(file, "p", new AccessKey("K", "S"), "us-east-1"))
                .isInstanceOf(CredentialsFile.MalformedException.class);
        assertThat(file).hasContent("aws_access_key_id = outside a section\n");
    }

    @Test
    void refusesToWriteWhatWouldNotReadBack() {
        Path file = dir.resolve("credentials");
        assertThatThrownBy(() -> CredentialsFile.write(file, "DEFAULT", Map.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CredentialsFile.write(file, " p", Map.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CredentialsFile.write(file, "p", Map.of("A", "b")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CredentialsFile.write(file, "p", Map.of("a", "b\n[other]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("[other]");
        assertThat(file).doesNotExist();
    }

    @Test
    void anAccessKeyNeverPrintsItsSecret() {
        assertThat(new AccessKey("AKID", "topsecret").toString())
                .contains("AKID")
                .doesNotContain("topsecret");
    }
}
