package dev.signet.server.http.auth;

import static dev.signet.server.http.auth.SigV4VerifierTest.AMZ_DATE;
import static dev.signet.server.http.auth.SigV4VerifierTest.CALLER;
import static dev.signet.server.http.auth.SigV4VerifierTest.KEY_ID;
import static dev.signet.server.http.auth.SigV4VerifierTest.NOW;
import static dev.signet.server.http.auth.SigV4VerifierTest.SECRET;
import static dev.signet.server.http.auth.SigV4VerifierTest.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.sigv4.SigV4;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Temporary credentials verify only with their session token and before they expire; a long-term
 * key verifies only without a token. The token is checked before the expiry, so a request without
 * the right token learns nothing about the session.
 */
class SessionTokenVerificationTest {
    static final String TOKEN = "the-session-token";

    static SigV4Verifier verifier(boolean temporary, boolean expired) {
        ResolvedAccessKey key = !temporary
                ? new ResolvedAccessKey(CALLER, SECRET)
                : ResolvedAccessKey.temporary(CALLER, SECRET, new ResolvedAccessKey.Session() {
                    @Override
                    public boolean tokenMatches(String token) {
                        return token.equals(TOKEN);
                    }

                    @Override
                    public boolean expired() {
                        return expired;
                    }
                });
        return new SigV4Verifier(
                id -> id.equals(KEY_ID) ? Optional.of(key) : Optional.empty(),
                "us-east-1",
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static SigV4Request request(Optional<String> token) {
        Map<String, String> headers = new HashMap<>(Map.of("host", "h", "x-amz-date", AMZ_DATE));
        token.ifPresent(t -> headers.put("x-amz-security-token", t));
        return signed("us-east-1", "sts", headers, Set.of());
    }

    static AuthenticationException.Kind refusal(SigV4Verifier verifier, SigV4Request request) {
        try {
            verifier.verify(request, SigV4Verifier.parameters(request), SigV4.EMPTY_SHA256);
        } catch (AuthenticationException e) {
            return e.kind();
        }
        throw new AssertionError("the request was accepted");
    }

    @Test
    void temporaryCredentialsVerifyWithTheirToken() throws Exception {
        SigV4Request request = request(Optional.of(TOKEN));
        assertThat(verifier(true, false)
                        .verify(request, SigV4Verifier.parameters(request), SigV4.EMPTY_SHA256)
                        .caller())
                .isEqualTo(CALLER);
    }

    @Test
    void aMissingOrWrongTokenIsInvalidEvenWhenExpired() {
        for (boolean expired : new boolean[] {false, true}) {
            assertThat(refusal(verifier(true, expired), request(Optional.empty())))
                    .isEqualTo(AuthenticationException.Kind.INVALID_TOKEN);
            assertThat(refusal(verifier(true, expired), request(Optional.of(TOKEN + "x"))))
                    .isEqualTo(AuthenticationException.Kind.INVALID_TOKEN);
        }
    }

    @Test
    void expiredCredentialsAreRefusedWithTheirToken() {
        assertThatThrownBy(() -> {
                    SigV4Request request = request(Optional.of(TOKEN));
                    verifier(true, true).verify(request, SigV4Verifier.parameters(request), SigV4.EMPTY_SHA256);
                })
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AuthenticationException.Kind.EXPIRED_TOKEN);
                    assertThat(e.getMessage()).isEqualTo("The security token included in the request is expired");
                    assertThat(e.s3Message()).isEqualTo("The provided token has expired.");
                });
    }

    @Test
    void aLongTermKeyWithATokenIsRefused() throws Exception {
        assertThat(refusal(verifier(false, false), request(Optional.of(TOKEN))))
                .isEqualTo(AuthenticationException.Kind.INVALID_TOKEN);
        SigV4Request plain = request(Optional.empty());
        assertThat(verifier(false, false)
                        .verify(plain, SigV4Verifier.parameters(plain), SigV4.EMPTY_SHA256)
                        .caller())
                .isEqualTo(CALLER);
    }

    @Test
    void aPresignedUrlCarriesItsTokenInTheQuery() {
        // the signature is wrong: only the token's place is under test, and it is checked first
        String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + KEY_ID
                + "%2F20260301%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=" + AMZ_DATE
                + "&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=" + "0".repeat(64);
        SigV4Request without = new SigV4Request("GET", "/bucket/key", query, Map.of("host", java.util.List.of("h")));
        assertThat(refusal(verifier(true, false), without)).isEqualTo(AuthenticationException.Kind.INVALID_TOKEN);
        SigV4Request with = new SigV4Request(
                "GET", "/bucket/key", query + "&X-Amz-Security-Token=" + TOKEN, Map.of("host", java.util.List.of("h")));
        assertThat(refusal(verifier(true, false), with)).isEqualTo(AuthenticationException.Kind.BAD_SIGNATURE);
    }
}
