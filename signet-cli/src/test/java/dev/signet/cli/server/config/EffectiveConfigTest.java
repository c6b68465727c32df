package dev.signet.cli.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layering: defaults < YAML file < SIGNET_* variables < flags, each value keeping its source. */
class EffectiveConfigTest {
    @TempDir
    Path dir;

    @Test
    void eachLayerOverridesTheOneBelow() throws Exception {
        Path file = dir.resolve("signet.yaml");
        Files.writeString(file, "region: eu-west-1\naccount-id: '111111111111'\nidle-timeout: 10s\n");
        EffectiveConfig c = EffectiveConfig.load(
                Optional.of(file),
                Map.of("SIGNET_ACCOUNT_ID", "222222222222", "SIGNET_IDLE_TIMEOUT", "20s", "PATH", "/usr/bin"),
                Map.of("idle-timeout", "40s"),
                Map.of(),
                dir);
        assertThat(c.get("listen")).contains(new SettingValue("127.0.0.1:8080", Source.DEFAULT, "built-in"));
        assertThat(c.get("region")).contains(new SettingValue("eu-west-1", Source.FILE, file.toString()));
        assertThat(c.get("account-id")).contains(new SettingValue("222222222222", Source.ENV, "SIGNET_ACCOUNT_ID"));
        assertThat(c.get("idle-timeout")).contains(new SettingValue("40s", Source.FLAG, "--idle-timeout"));
        assertThat(c.text("data-dir")).contains(dir.resolve("signet-data").toString());
        assertThat(c.get("tls.certificate")).isEmpty();
    }

    @Test
    void theClusterTimingsReachTheServerConfiguration() throws Exception {
        Path file = dir.resolve("signet.yaml");
        Files.writeString(file, "jobs:\n  lease: 90s\ncache.staleness: 5s\n");
        var config =
                ServerConfigs.serverConfig(EffectiveConfig.load(Optional.of(file), Map.of(), Map.of(), Map.of(), dir));
        assertThat(config.cluster().jobLease()).isEqualTo(java.time.Duration.ofSeconds(90));
        assertThat(config.cluster().cacheStaleness()).isEqualTo(java.time.Duration.ofSeconds(5));
        var defaults =
                ServerConfigs.serverConfig(EffectiveConfig.load(Optional.empty(), Map.of(), Map.of(), Map.of(), dir));
        assertThat(defaults.cluster()).isEqualTo(dev.signet.server.ClusterTimings.DEFAULT);
        assertThatThrownBy(() -> EffectiveConfig.load(
                        Optional.empty(), Map.of("SIGNET_JOBS_LEASE", "0s"), Map.of(), Map.of(), dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("jobs.lease");
    }

    @Test
    void signetHomeIsTheDataDirectoryUnlessSignetDataDirIsSet() {
        EffectiveConfig home =
                EffectiveConfig.load(Optional.empty(), Map.of("SIGNET_HOME", "h"), Map.of(), Map.of(), dir);
        assertThat(home.get("data-dir"))
                .contains(new SettingValue(dir.resolve("h").toString(), Source.ENV, "SIGNET_HOME"));
        EffectiveConfig both = EffectiveConfig.load(
                Optional.empty(), Map.of("SIGNET_HOME", "h", "SIGNET_DATA_DIR", "d"), Map.of(), Map.of(), dir);
        assertThat(both.text("data-dir")).contains(dir.resolve("d").toString());
    }

    @Test
    void portIsShorthandForTheListenPort() throws Exception {
        Path file = dir.resolve("signet.yaml");
        Files.writeString(file, "listen: '[::1]:8443'\n");
        EffectiveConfig c = EffectiveConfig.load(Optional.of(file), Map.of(), Map.of(), Map.of(), dir)
                .withPort(0);
        assertThat(c.get("listen")).contains(new SettingValue("[::1]:0", Source.FLAG, "--port"));
        assertThatThrownBy(() -> EffectiveConfig.load(
                                Optional.empty(), Map.of(), Map.of("listen", "127.0.0.1:1"), Map.of(), dir)
                        .withPort(0))
                .isInstanceOf(ConfigException.class)
                .hasMessage("listen: give --listen or --port, not both");
    }

    @Test
    void otherSignetVariablesAreLeftAlone() {
        EffectiveConfig c = EffectiveConfig.load(
                Optional.empty(),
                Map.of("SIGNET_JAVA_OPTS", "-Xmx1g", "SIGNET_REGISTRY_USER", "u", "SIGNET_CONFIG", "x"),
                Map.of(),
                Map.of(),
                dir);
        assertThat(c.given("region")).isFalse();
    }
}
