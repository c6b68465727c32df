package dev.signet.cli.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md lists every setting with its three spellings and default, exactly as the
 * catalogue derives them, and names no setting the catalogue lacks.
 */
class ConfigurationReferenceTest {
    private static final Path REFERENCE = Path.of("..", "docs", "operations.md");

    @Test
    void everySettingHasItsRowAndEveryRowASetting() throws IOException {
        String doc = Files.readString(REFERENCE, StandardCharsets.UTF_8);
        for (Setting s : Settings.ALL.values()) {
            String row = "| `" + s.path() + "` | `" + s.flag() + "` | `" + s.env() + "` | "
                    + s.defaultValue().map(d -> "`" + d + "`").orElse("unset") + " | ";
            assertThat(doc).as("the reference row of " + s.path()).contains(row);
        }
        long rows = doc.lines()
                .filter(l -> l.startsWith("| `") && l.contains("` | `--"))
                .count();
        assertThat(rows).isEqualTo(Settings.ALL.size());
    }

    @Test
    void spellingsAreDerivedFromThePath() {
        Setting url = Settings.ALL.get("database.url");
        assertThat(url.flag()).isEqualTo("--database-url");
        assertThat(url.env()).isEqualTo("SIGNET_DATABASE_URL");
        Setting passphrase = Settings.ALL.get("tls.key-passphrase-file");
        assertThat(passphrase.flag()).isEqualTo("--tls-key-passphrase-file");
        assertThat(passphrase.env()).isEqualTo("SIGNET_TLS_KEY_PASSPHRASE_FILE");
        assertThat(Settings.byEnv("SIGNET_MASTER_KEY_FILE")).contains(Settings.ALL.get("master-key.file"));
    }
}
