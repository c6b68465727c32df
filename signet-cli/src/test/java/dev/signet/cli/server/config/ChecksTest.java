package dev.signet.cli.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The value forms settings accept and refuse (durations, listen addresses, URLs). */
class ChecksTest {

    @ParameterizedTest
    @CsvSource({
        "7d, PT168H",
        "36h, PT36H",
        "90m, PT1H30M",
        "30s, PT30S",
        "500ms, PT0.5S",
        "P2D, PT48H",
        "PT12H, PT12H",
        "1D, PT24H"
    })
    void durationsParse(String text, String expected) {
        assertThat(Checks.parseDuration(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0d", "-1h", "soon", "7", "d", "7w", "PT0S", "99999999999999999999d"})
    void badAgesAreRefused(String text) {
        Check age = Settings.ALL.get("abandoned-upload-age").check();
        assertThatThrownBy(() -> age.apply(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:8080, 127.0.0.1, 127.0.0.1",
        "0.0.0.0:8443, 0.0.0.0, 0.0.0.0",
        "'[::]:8443', '[::]', '::'",
        "'[::1]:0', '[::1]', '::1'",
        "signet.internal:443, signet.internal, signet.internal"
    })
    void listenAddresses(String text, String host, String bindHost) {
        Checks.HostPort hp = Checks.hostPort(text);
        assertThat(hp.host()).isEqualTo(host);
        assertThat(hp.bindHost()).isEqualTo(bindHost);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8080", ":8080", "127.0.0.1", "127.0.0.1:65536", "::1:8080", "[::1]", "a b:80", "h:-1"})
    void badListenAddressesAreRefused(String text) {
        assertThatThrownBy(() -> Checks.hostPort(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("must be host:port");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://signet.example/v1/ca/issuing.crl", "http://10.0.0.5:8080/v1/ca/issuing.crl"})
    void httpCrlUrlsAreTaken(String text) {
        assertThat(Settings.ALL.get("crl-url").check().apply(text)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://signet.example/crl", "signet.example/crl", "/v1/ca/issuing.crl", "http://"})
    void otherCrlUrlsAreRefused(String text) {
        assertThatThrownBy(() -> Settings.ALL.get("crl-url").check().apply(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("must be an http:// URL");
    }

    @ParameterizedTest
    @CsvSource({
        "https://signet.example, https://signet.example",
        "https://signet.example:8443/, https://signet.example:8443",
        "'http://[::1]:8080', 'http://[::1]:8080'"
    })
    void publicUrls(String text, String canonical) {
        assertThat(Settings.ALL.get("public-url").check().apply(text)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://x", "https://u:p@x", "https://x/path", "https://x?q", "x:8080"})
    void badPublicUrlsAreRefused(String text) {
        assertThatThrownBy(() -> Settings.ALL.get("public-url").check().apply(text))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "jdbc:postgresql://db:5432/signet?password=hunter2, jdbc:postgresql://db:5432/signet?password=<redacted>",
        "jdbc:postgresql://signet:hunter2@db/signet, jdbc:postgresql://<redacted>@db/signet"
    })
    void passwordsInUrlsAreRedacted(String url, String shown) {
        assertThat(Checks.redactUrl(url)).isEqualTo(shown);
    }
}
