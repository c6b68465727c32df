package dev.signet.server.service.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.service.ServiceException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The issuer URLs IAM (and Signet's loopback rule) accepts, and their keys. */
class OidcValidationTest {

    @ParameterizedTest
    @CsvSource({
        "https://token.actions.githubusercontent.com, https://token.actions.githubusercontent.com, token.actions.githubusercontent.com",
        "https://GitLab.Example.com/, https://gitlab.example.com, gitlab.example.com",
        "https://issuer.example.com:8443/tenant/a//, https://issuer.example.com:8443/tenant/a, issuer.example.com:8443/tenant/a",
        "http://127.0.0.1:4567, http://127.0.0.1:4567, 127.0.0.1:4567",
        "http://127.3.2.1/x, http://127.3.2.1/x, 127.3.2.1/x",
        "http://localhost:9000, http://localhost:9000, localhost:9000",
        "http://[::1]:9000/, http://[::1]:9000, [::1]:9000",
    })
    void acceptedUrlsAndTheirKeys(String given, String url, String key) {
        assertThat(OidcValidation.url(given)).isEqualTo(new OidcValidation.Url(url, key));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://issuer.example.com",
                "http://10.0.0.1",
                "http://127.0.0.1.example.com",
                "http://localhost.example.com",
                "ftp://issuer.example.com",
                "https://user@issuer.example.com",
                "https://issuer.example.com/?a=b",
                "https://issuer.example.com/#x",
                "issuer.example.com",
                "https:///path",
                "https://bad host",
            })
    void refusedUrls(String given) {
        assertThatThrownBy(() -> OidcValidation.url(given)).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.errorCode()).isEqualTo("InvalidInput");
            assertThat(e.getMessage()).startsWith("The OpenID Connect provider URL " + given + " is not valid: ");
        });
    }
}
