package dev.signet.server.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local OpenID Connect issuer for tests: a JDK HTTP server on 127.0.0.1 serving {@code
 * /.well-known/openid-configuration} and its JWKS ({@code /jwks}), with an RSA-2048 key ({@code
 * rsa-1}) and a P-256 key ({@code ec-1}) generated at start, and tokens signed with them by
 * nimbus-jose-jwt. {@link #rotate} replaces the RSA key; {@link #serveMalformedJwks} breaks the
 * JWKS. Stopped by {@link #close}.
 */
public final class OidcIssuer implements AutoCloseable {
    private final HttpServer server;
    private final String url;
    private final AtomicInteger jwksReads = new AtomicInteger();
    private final ECKey ec;
    private volatile RSAKey rsa;
    private volatile boolean malformed;

    private OidcIssuer(HttpServer server) {
        this.server = server;
        this.url = "http://127.0.0.1:" + server.getAddress().getPort();
        this.rsa = rsaKey("rsa-1");
        try {
            this.ec = new ECKeyGenerator(Curve.P_256)
                    .keyID("ec-1")
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/jwks", this::jwks);
        server.start();
    }

    /** An issuer listening on a free port of 127.0.0.1. */
    public static OidcIssuer start() {
        try {
            return new OidcIssuer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: the issuer URL and the tokens' {@code iss}. */
    public String url() {
        return url;
    }

    /** {@code 127.0.0.1:PORT}: the provider ARN's and the condition keys' prefix. */
    public String key() {
        return url.substring("http://".length());
    }

    /** How many times the JWKS was read. */
    public int jwksReads() {
        return jwksReads.get();
    }

    /** Replaces the RSA key by a new one with key id {@code kid}: tokens of the old one no longer verify. */
    public void rotate(String kid) {
        rsa = rsaKey(kid);
    }

    public void serveMalformedJwks() {
        malformed = true;
    }

    /** Claims as a CI system's token carries them, valid from {@code now} for five minutes. */
    public JWTClaimsSet.Builder claims(Instant now, String audience, String subject) {
        return new JWTClaimsSet.Builder()
                .issuer(url)
                .audience(audience)
                .subject(subject)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
    }

    /** A token signed with the current key of {@code alg} (RS256 or ES256), naming its kid. */
    public String sign(JWSAlgorithm alg, JWTClaimsSet claims) {
        JWK key = alg.equals(JWSAlgorithm.ES256) ? ec : rsa;
        return sign(alg, key.getKeyID(), claims);
    }

    /** A token signed with the current key of {@code alg} but naming {@code kid} in its header. */
    public String sign(JWSAlgorithm alg, String kid, JWTClaimsSet claims) {
        try {
            JWSSigner signer = alg.equals(JWSAlgorithm.ES256) ? new ECDSASigner(ec) : new RSASSASigner(rsa);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void discovery(HttpExchange exchange) throws IOException {
        respond(
                exchange,
                "{\"issuer\": \"" + url + "\", \"jwks_uri\": \"" + url + "/jwks\","
                        + " \"id_token_signing_alg_values_supported\": [\"RS256\", \"ES256\"]}");
    }

    private void jwks(HttpExchange exchange) throws IOException {
        jwksReads.incrementAndGet();
        respond(
                exchange,
                malformed
                        ? "{\"keys\": [{\"kty\": \"RSA\", \"n\": 12}]}"
                        : new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString());
    }

    private static void respond(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
