package dev.signet.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.cli.CliException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code signet server --abandoned-upload-age} and {@code --crl-url}: the forms they accept and refuse. */
class ServerCommandTest {

    @ParameterizedTest
    @CsvSource({"7d, PT168H", "36h, PT36H", "90m, PT1H30M", "30s, PT30S", "P2D, PT48H", "PT12H, PT12H", "1D, PT24H"})
    void agesParse(String text, String expected) {
        assertThat(ServerCommand.age(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0d", "-1h", "soon", "7", "d", "7w", "PT0S", "99999999999999999999d"})
    void badAgesAreUsageErrors(String text) {
        assertThatThrownBy(() -> ServerCommand.age(text))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.getMessage()).contains("--abandoned-upload-age"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://signet.example/v1/ca/issuing.crl", "http://10.0.0.5:8080/v1/ca/issuing.crl"})
    void httpCrlUrlsAreTaken(String text) {
        assertThat(ServerCommand.crlUrl(text)).contains(java.net.URI.create(text));
        assertThat(ServerCommand.crlUrl(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"https://signet.example/crl", "signet.example/crl", "/v1/ca/issuing.crl", "http://", "ht tp://x"
            })
    void otherCrlUrlsAreUsageErrors(String text) {
        assertThatThrownBy(() -> ServerCommand.crlUrl(text))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.getMessage()).contains("--crl-url"));
    }
}
