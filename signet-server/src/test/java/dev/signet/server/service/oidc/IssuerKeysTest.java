package dev.signet.server.service.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.signet.server.service.ServiceException;
import dev.signet.server.testing.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link IssuerKeys} over documents the test serves from memory, on a clock the test moves. */
class IssuerKeysTest {
    static final URI ISSUER = URI.create("https://issuer.example.com/tenant");
    static final String DISCOVERY = ISSUER + "/.well-known/openid-configuration";
    static final String JWKS = "https://keys.example.com/jwks";

    final MutableClock clock = MutableClock.ofNow();
    final Map<String, String> served = new HashMap<>();
    final List<URI> reads = new ArrayList<>();
    final IssuerKeys keys = new IssuerKeys(this::get, clock);

    byte[] get(URI uri) throws IssuerDocuments.IssuerUnreachableException {
        reads.add(uri);
        String body = served.get(uri.toString());
        if (body == null) {
            throw new IssuerDocuments.IssuerUnreachableException("it cannot be reached (ConnectException)");
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    void serve(String issuer, String jwksUri, String jwks) {
        served.put(DISCOVERY, "{\"issuer\": \"" + issuer + "\", \"jwks_uri\": \"" + jwksUri + "\"}");
        served.put(jwksUri, jwks);
    }

    static String keySet(String kid) throws Exception {
        return new JWKSet(new ECKeyGenerator(Curve.P_256).keyID(kid).generate())
                .toPublicJWKSet()
                .toString();
    }

    static void refused(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.errorCode()).isEqualTo("IDPCommunicationError");
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void keysAreCachedForTheTtlAndRereadOnRefreshAtMostOncePerInterval() throws Exception {
        serve(ISSUER.toString(), JWKS, keySet("k1"));
        assertThat(keys.keys(ISSUER, false).getKeyByKeyId("k1")).isNotNull();
        assertThat(keys.keys(ISSUER, false).getKeyByKeyId("k1")).isNotNull();
        assertThat(reads).hasSize(2);

        served.put(JWKS, keySet("k2"));
        assertThat(keys.keys(ISSUER, true).getKeyByKeyId("k2"))
                .as("within the interval")
                .isNull();
        assertThat(reads).hasSize(2);
        clock.advance(IssuerKeys.REFETCH_INTERVAL);
        assertThat(keys.keys(ISSUER, true).getKeyByKeyId("k2")).isNotNull();
        assertThat(reads).hasSize(4);

        clock.advance(IssuerKeys.TTL.minusSeconds(1));
        keys.keys(ISSUER, false);
        assertThat(reads).hasSize(4);
        clock.advance(Duration.ofSeconds(1));
        keys.keys(ISSUER, false);
        assertThat(reads).as("after the TTL").hasSize(6);
    }

    @Test
    void aFailedReadDropsTheKeysAndIsRememberedForTheInterval() throws Exception {
        serve(ISSUER.toString(), JWKS, keySet("k1"));
        keys.keys(ISSUER, false);
        served.clear();
        clock.advance(IssuerKeys.TTL);
        String message = "Signet could not read the discovery document of the OpenID Connect provider at " + DISCOVERY
                + ": it cannot be reached (ConnectException)";
        refused(() -> keys.keys(ISSUER, false), message);
        refused(() -> keys.keys(ISSUER, true), message);
        assertThat(reads).hasSize(3);
        serve(ISSUER.toString(), JWKS, keySet("k1"));
        clock.advance(IssuerKeys.REFETCH_INTERVAL);
        assertThat(keys.keys(ISSUER, false).getKeyByKeyId("k1")).isNotNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "https://other.example.com/tenant | https://keys.example.com/jwks | its discovery document names another issuer",
                "https://issuer.example.com/tenant | http://keys.example.com/jwks | its jwks_uri must be https (http only on a loopback host)",
                "https://issuer.example.com/tenant | https:///jwks | its jwks_uri must be https (http only on a loopback host)",
            })
    void anUnusableDiscoveryDocumentIsRefused(String issuer, String jwksUri, String why) throws Exception {
        serve(issuer, jwksUri, keySet("k1"));
        refused(
                () -> keys.keys(ISSUER, false),
                "The OpenID Connect provider at " + ISSUER + " cannot be used: " + why + ".");
    }

    @Test
    void malformedDocumentsAreRefused() {
        served.put(DISCOVERY, "[1, 2]");
        refused(
                () -> keys.keys(ISSUER, false),
                "The OpenID Connect provider's discovery document is not a JSON object.");
        clock.advance(IssuerKeys.REFETCH_INTERVAL);
        serve(ISSUER + "/", JWKS, "{\"keys\": []}");
        refused(
                () -> keys.keys(ISSUER, false),
                "The OpenID Connect provider at " + ISSUER + " cannot be used: its JWKS holds no public key.");
        clock.advance(IssuerKeys.REFETCH_INTERVAL);
        served.put(JWKS, "{\"keys\": [{\"kty\": \"EC\", \"crv\": \"P-256\", \"x\": 5}]}");
        assertThatThrownBy(() -> keys.keys(ISSUER, false))
                .isInstanceOfSatisfying(
                        ServiceException.class,
                        e -> assertThat(e.getMessage())
                                .startsWith("The OpenID Connect provider at " + ISSUER
                                        + " cannot be used: its JWKS does not parse"));
    }
}
