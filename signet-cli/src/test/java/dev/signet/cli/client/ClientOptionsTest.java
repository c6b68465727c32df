package dev.signet.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.core.sigv4.AccessKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientOptionsTest {
    @TempDir
    Path dir;

    private CliContext context(Map<String, String> env) {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return new CliContext(sink, sink, env, dir);
    }

    private void writeCredentials(Path dataDir) throws Exception {
        Files.createDirectories(dataDir);
        Files.writeString(
                dataDir.resolve("credentials"),
                "[signet]\naws_access_key_id = FILEKEY\naws_secret_access_key = FILESECRET\nregion = eu-central-1\n");
    }

    @Test
    void defaultsToTheLocalServerAndTheDataDirCredentials() throws Exception {
        writeCredentials(dir.resolve("signet-data"));
        ClientSettings s = new ClientOptions().settings(context(Map.of()));
        assertThat(s.endpoint()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(s.credentials().key()).isEqualTo(new AccessKey("FILEKEY", "FILESECRET"));
        assertThat(s.region()).isEqualTo("eu-central-1");
        assertThat(s.dataDir()).isEqualTo(dir.resolve("signet-data"));
    }

    @Test
    void signetHomeMovesTheDataDirAndDataOptionWins() throws Exception {
        writeCredentials(dir.resolve("home"));
        ClientOptions options = new ClientOptions();
        assertThat(options.settings(context(Map.of("SIGNET_HOME", "home"))).dataDir())
                .isEqualTo(dir.resolve("home"));
        options.data = Path.of("other");
        assertThat(options.dataDir(context(Map.of("SIGNET_HOME", "home")))).isEqualTo(dir.resolve("other"));
    }

    @Test
    void environmentOverridesFileAndEndpointOptionOverridesEnvironment() throws Exception {
        writeCredentials(dir.resolve("signet-data"));
        Files.writeString(dir.resolve("signet-data").resolve("endpoint"), "http://127.0.0.1:9999\n");
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", "ENVKEY");
        env.put("AWS_SECRET_ACCESS_KEY", "ENVSECRET");
        env.put("AWS_REGION", "ap-south-1");
        ClientOptions options = new ClientOptions();
        assertThat(options.settings(context(env)).endpoint()).isEqualTo(URI.create("http://127.0.0.1:9999"));
        env.put("AWS_ENDPOINT_URL", "http://localhost:7000/");
        ClientSettings s = options.settings(context(env));
        assertThat(s.endpoint()).isEqualTo(URI.create("http://localhost:7000"));
        assertThat(s.credentials().key()).isEqualTo(new AccessKey("ENVKEY", "ENVSECRET"));
        assertThat(s.region()).isEqualTo("ap-south-1");
        options.endpoint = "https://signet.example:8443";
        assertThat(options.settings(context(env)).endpoint()).isEqualTo(URI.create("https://signet.example:8443"));
    }

    @Test
    void refusesHalfAnAccessKey() {
        assertThatThrownBy(() -> new ClientOptions().settings(context(Map.of("AWS_ACCESS_KEY_ID", "ONLY"))))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("both");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:8080", "ftp://host", "http://", "http:// bad host", "::::"})
    void refusesBadEndpoints(String endpoint) {
        assertThatThrownBy(() -> ClientOptions.parseEndpoint(endpoint))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("bad endpoint");
    }

    /** The AWS CLI's files in the temp directory, named by the environment; HOME is the temp directory too. */
    private Map<String, String> awsFiles() throws Exception {
        Files.writeString(
                dir.resolve("aws-config"), "[profile dev]\nregion = eu-west-3\nendpoint_url = http://127.0.0.1:7777\n");
        Files.writeString(
                dir.resolve("aws-credentials"), "[dev]\naws_access_key_id = PROFILEKEY\naws_secret_access_key = p\n");
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("AWS_CONFIG_FILE", "aws-config");
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("aws-credentials").toString());
        return env;
    }

    @Test
    void theOrderIsAwsProfileOptionThenEnvironmentKeysThenAwsProfileVariableThenTheDataDirectory() throws Exception {
        writeCredentials(dir.resolve("signet-data"));
        Map<String, String> env = awsFiles();
        assertThat(new ClientOptions()
                        .settings(context(env))
                        .credentials()
                        .key()
                        .id())
                .isEqualTo("FILEKEY");
        env.put("AWS_PROFILE", "dev");
        ClientSettings profile = new ClientOptions().settings(context(env));
        assertThat(profile.credentials().key().id()).isEqualTo("PROFILEKEY");
        assertThat(profile.credentials().source()).isEqualTo("profile 'dev'");
        assertThat(profile.region()).isEqualTo("eu-west-3");
        assertThat(profile.endpoint()).isEqualTo(URI.create("http://127.0.0.1:7777"));
        env.put("AWS_ACCESS_KEY_ID", "ENVKEY");
        env.put("AWS_SECRET_ACCESS_KEY", "ENVSECRET");
        env.put("AWS_SESSION_TOKEN", "ENVTOKEN");
        ClientSettings environment = new ClientOptions().settings(context(env));
        assertThat(environment.credentials().key().id()).isEqualTo("ENVKEY");
        assertThat(environment.credentials().sessionToken()).hasValue("ENVTOKEN");
        // AWS_PROFILE still gives the region when the environment's keys win, as in the AWS CLI
        assertThat(environment.region()).isEqualTo("eu-west-3");
        env.remove("AWS_PROFILE");
        assertThat(ClientOptions.of(null, null, "dev")
                        .settings(context(env))
                        .credentials()
                        .key()
                        .id())
                .isEqualTo("PROFILEKEY");
    }

    @Test
    void theAwsFilesAreNotReadUnlessAProfileIsNamed() throws Exception {
        writeCredentials(dir.resolve("signet-data"));
        Map<String, String> env = awsFiles();
        Files.writeString(dir.resolve("aws-config"), "not a config file\n");
        assertThat(new ClientOptions()
                        .settings(context(env))
                        .credentials()
                        .key()
                        .id())
                .isEqualTo("FILEKEY");
        assertThatThrownBy(() -> ClientOptions.of(null, null, "dev").settings(context(env)))
                .isInstanceOf(CliException.class)
                .hasMessage("malformed AWS config file " + dir.resolve("aws-config")
                        + " line 1: a property before any [profile] section");
    }

    @Test
    void aNamedProfileThatDoesNotExistIsRefused() throws Exception {
        Map<String, String> env = awsFiles();
        assertThatThrownBy(() -> ClientOptions.of(null, null, "prod").settings(context(env)))
                .isInstanceOf(CliException.class)
                .hasMessage("the profile 'prod' is not in " + dir.resolve("aws-config") + " or "
                        + dir.resolve("aws-credentials"));
    }
}
