package dev.signet.cli.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.KeySettings;
import dev.signet.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** keys.*: where new profile keys go and the PKCS#11 token, with the combinations refused. */
class KeySettingsConfigTest {
    @TempDir
    Path dir;

    private ServerConfig load(String yaml, Map<String, String> env) throws Exception {
        Path file = Files.writeString(dir.resolve("signet.yaml"), yaml);
        return ServerConfigs.serverConfig(EffectiveConfig.load(Optional.of(file), env, Map.of(), Map.of(), dir));
    }

    @Test
    void softwareKeysByDefault() throws Exception {
        assertThat(load("region: us-east-1\n", Map.of()).keys()).isEqualTo(KeySettings.SOFTWARE);
    }

    @Test
    void aTokenWithItsPinFileTakesNewProfileKeys() throws Exception {
        Path module = Files.writeString(dir.resolve("module.so"), "x");
        Path pin = Files.writeString(dir.resolve("pin"), "123456");
        KeySettings keys = load(
                        "keys:\n  new-profile-keys: pkcs11\n  pkcs11:\n    module: " + module
                                + "\n    token-label: signet\n" + "    pin-file: " + pin + "\n",
                        Map.of("SIGNET_KEYS_PKCS11_SESSIONS", "4"))
                .keys();
        assertThat(keys.newProfileKeys()).isEqualTo("pkcs11");
        assertThat(keys.newCaKeys())
                .as("the CA's keys stay in software unless keys.new-ca-keys says")
                .isEqualTo("software");
        assertThat(keys.pkcs11().orElseThrow().module()).isEqualTo(module);
        assertThat(keys.pkcs11().orElseThrow().tokenLabel()).isEqualTo("signet");
        assertThat(keys.pkcs11().orElseThrow().sessions()).isEqualTo(4);
        assertThat(keys.pinFile()).contains(pin);
        assertThat(keys.pinVariable()).isEmpty();
    }

    @Test
    void newCaKeysGoToTheTokenWhenSaid() throws Exception {
        Path module = Files.writeString(dir.resolve("module.so"), "x");
        Path pin = Files.writeString(dir.resolve("pin"), "123456");
        KeySettings keys = load(
                        "keys:\n  new-ca-keys: pkcs11\n  pkcs11:\n    module: " + module + "\n    token-label: signet\n"
                                + "    pin-file: " + pin + "\n",
                        Map.of())
                .keys();
        assertThat(keys.newCaKeys()).isEqualTo("pkcs11");
        assertThat(keys.newProfileKeys()).isEqualTo("software");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "keys.new-profile-keys: pkcs11|keys.new-profile-keys: is pkcs11 but keys.pkcs11.module is not set",
                "keys.new-ca-keys: pkcs11|keys.new-ca-keys: is pkcs11 but keys.pkcs11.module is not set",
                "keys.new-ca-keys: cloud|keys.new-ca-keys: ",
                "keys.pkcs11.token-label: signet|keys.pkcs11.token-label: needs keys.pkcs11.module",
                "keys.pkcs11.pin-env: HSM_SECRET|keys.pkcs11.pin-env: needs keys.pkcs11.module",
                "keys.pkcs11.module: MODULE|keys.pkcs11.module: needs keys.pkcs11.token-label",
                "keys.pkcs11.module: MODULE\\nkeys.pkcs11.token-label: signet|keys.pkcs11.module: needs the token's PIN",
                "keys.pkcs11.module: MODULE\\nkeys.pkcs11.token-label: signet\\nkeys.pkcs11.pin-env: A\\n"
                        + "keys.pkcs11.pin-file: PIN|keys.pkcs11.pin-env: needs the token's PIN",
                "keys.pkcs11.module: MODULE\\nkeys.pkcs11.token-label: "
                        + "a-label-far-longer-than-thirty-two-bytes\\nkeys.pkcs11.pin-file: PIN|keys.pkcs11.token-label: ",
                "keys.pkcs11.pin-env: 'not a name'|keys.pkcs11.pin-env: "
            })
    void combinationsThatCannotWorkAreRefusedNamingTheSetting(String yaml, String message) throws Exception {
        Path module = Files.writeString(dir.resolve("module.so"), "x");
        Path pin = Files.writeString(dir.resolve("pin"), "123456");
        String text =
                yaml.replace("\\n", "\n").replace("MODULE", module.toString()).replace("PIN", pin.toString()) + "\n";
        assertThatThrownBy(() -> load(text, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }
}
