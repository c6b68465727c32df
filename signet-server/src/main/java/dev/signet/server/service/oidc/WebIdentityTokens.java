package dev.signet.server.service.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.signet.server.service.ServiceException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Verifies the web identity token of AssumeRoleWithWebIdentity against the OIDC providers of the
 * role's account. Strict and fail-closed, in this order:
 *
 * <ol>
 *   <li>a JWS in compact form signed with RS256 or ES256 (unsigned, encrypted, HMAC and every other
 *       algorithm are refused);
 *   <li>its {@code iss} is a provider registered in the account;
 *   <li>its signature verifies with the key of its {@code kid} (or, without one, a key of its
 *       algorithm; RSA keys of at least 2048 bits, EC keys on P-256) from the issuer's JWKS ({@link IssuerKeys}; an unknown {@code kid} re-reads the
 *       JWKS, rate-limited);
 *   <li>{@code exp} and {@code iat} are present and, with {@code nbf} when present, hold with at
 *       most {@link #SKEW} of clock skew (an expired token is ExpiredTokenException);
 *   <li>an {@code aud} is one of the provider's client ids, and {@code sub} is present.
 * </ol>
 *
 * Every refusal is InvalidIdentityToken (ExpiredTokenException, IDPCommunicationError when the
 * issuer's keys cannot be had) with a message naming the check.
 */
public final class WebIdentityTokens {
    static final Duration SKEW = Duration.ofMinutes(5);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    /** Claims whose condition keys are set from verified values, or that are times. */
    private static final Set<String> NOT_KEYS = Set.of("iss", "sub", "aud", "exp", "nbf", "iat");

    private static final Pattern CLAIM_NAME = Pattern.compile("[\\w.:/@+=-]{1,128}");
    private static final int MAX_VALUE = 1024;
    private static final int MIN_RSA_BITS = 2048;

    private final OidcProviderService providers;
    private final IssuerKeys keys;
    private final Clock clock;

    public WebIdentityTokens(OidcProviderService providers, IssuerKeys keys, Clock clock) {
        this.providers = Objects.requireNonNull(providers, "providers");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The verified token, for a role of {@code accountId}; see the class documentation for what is refused. */
    public VerifiedToken verify(String accountId, String token) {
        SignedJWT jwt = signed(token);
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!ALGORITHMS.contains(alg)) {
            throw invalid("The web identity token is signed with " + printable(alg.getName())
                    + "; Signet accepts RS256 and ES256 only.");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("The claims of the web identity token are not a JSON object.");
        }
        String issuer =
                stringClaim(claims, "iss").orElseThrow(() -> invalid("The web identity token has no iss claim."));
        OidcProviderService.Described provider = providers
                .forIssuer(accountId, issuer)
                .orElseThrow(() -> invalid("No OpenIDConnect provider found in your account for " + printable(issuer)));
        verifySignature(jwt, provider.provider(), alg);
        checkTimes(claims);
        String audience = claims.getAudience().stream()
                .filter(provider.provider().clientIds()::contains)
                .findFirst()
                .orElseThrow(() -> invalid("Incorrect token audience"));
        String subject = stringClaim(claims, "sub")
                .filter(s -> !s.isEmpty() && s.length() <= 255)
                .orElseThrow(() -> invalid("The web identity token has no sub claim of 1 to 255 characters."));
        return new VerifiedToken(
                provider.arn(),
                issuer,
                subject,
                audience,
                conditionKeys(provider.provider().key(), claims, subject, audience));
    }

    private static SignedJWT signed(String token) {
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException e) {
            throw invalid("The web identity token is not a JWT.");
        }
        if (parsed instanceof SignedJWT jws) {
            return jws;
        }
        throw invalid("The web identity token is not signed (alg "
                + printable(parsed.getHeader().getAlgorithm().getName()) + "); Signet accepts RS256 and ES256 only.");
    }

    private void verifySignature(SignedJWT jwt, OidcProvider provider, JWSAlgorithm alg) {
        String kid = jwt.getHeader().getKeyID();
        List<JWK> candidates = candidates(keys.keys(provider.issuer(), false).getKeys(), kid, alg);
        if (candidates.isEmpty()) {
            candidates = candidates(keys.keys(provider.issuer(), true).getKeys(), kid, alg);
        }
        if (candidates.isEmpty()) {
            throw invalid(
                    kid == null
                            ? "The OpenID Connect provider's JWKS has no " + alg + " key for the token."
                            : "The OpenID Connect provider's JWKS has no " + alg + " key with the token's kid "
                                    + printable(kid) + ".");
        }
        for (JWK key : candidates) {
            try {
                JWSVerifier verifier = alg.equals(JWSAlgorithm.RS256)
                        ? new RSASSAVerifier(key.toRSAKey())
                        : new ECDSAVerifier(key.toECKey());
                if (jwt.verify(verifier)) {
                    return;
                }
            } catch (JOSEException e) {
                // a key nimbus cannot use (too short an RSA key, ...) verifies nothing
            }
        }
        throw invalid(
                "The signature of the web identity token does not verify with the OpenID Connect provider's keys.");
    }

    private static List<JWK> candidates(List<JWK> keys, String kid, JWSAlgorithm alg) {
        List<JWK> matching = new ArrayList<>();
        for (JWK key : keys) {
            // RSA keys shorter than 2048 bits are not trusted to sign anything (NIST SP 800-131A)
            boolean type = alg.equals(JWSAlgorithm.RS256)
                    ? KeyType.RSA.equals(key.getKeyType()) && key.size() >= MIN_RSA_BITS
                    : KeyType.EC.equals(key.getKeyType())
                            && Curve.P_256.equals(key.toECKey().getCurve());
            boolean use = key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse());
            boolean algorithm = key.getAlgorithm() == null || alg.equals(key.getAlgorithm());
            boolean id = kid == null || kid.equals(key.getKeyID());
            if (type && use && algorithm && id) {
                matching.add(key);
            }
        }
        return matching;
    }

    private void checkTimes(JWTClaimsSet claims) {
        Instant now = clock.instant();
        Date exp = date(claims, "exp").orElseThrow(() -> invalid("The web identity token has no exp claim."));
        if (now.minus(SKEW).isAfter(exp.toInstant())) {
            throw new ServiceException(
                    "ExpiredTokenException",
                    400,
                    "Token expired: current date/time " + now.getEpochSecond()
                            + " must be before the expiration date/time "
                            + exp.toInstant().getEpochSecond()
                            + " (with at most " + SKEW.toSeconds() + " s of clock skew).");
        }
        Date iat = date(claims, "iat").orElseThrow(() -> invalid("The web identity token has no iat claim."));
        if (now.plus(SKEW).isBefore(iat.toInstant())) {
            throw invalid("The web identity token was issued in the future: iat "
                    + iat.toInstant().getEpochSecond() + ", current date/time " + now.getEpochSecond() + ".");
        }
        Optional<Date> nbf = date(claims, "nbf");
        if (nbf.isPresent() && now.plus(SKEW).isBefore(nbf.get().toInstant())) {
            throw invalid("The web identity token is not valid yet: nbf "
                    + nbf.get().toInstant().getEpochSecond() + ", current date/time " + now.getEpochSecond() + ".");
        }
    }

    /** A NumericDate claim; a claim of another type is refused rather than ignored. */
    private static Optional<Date> date(JWTClaimsSet claims, String name) {
        if (claims.getClaim(name) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(claims.getDateClaim(name));
        } catch (ParseException e) {
            throw invalid("The " + name + " claim of the web identity token is not a number of seconds.");
        }
    }

    private static Optional<String> stringClaim(JWTClaimsSet claims, String name) {
        return claims.getClaim(name) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    private static Map<String, List<String>> conditionKeys(
            String prefix, JWTClaimsSet claims, String subject, String audience) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put(prefix + ":sub", List.of(subject));
        keys.put(prefix + ":aud", List.of(audience));
        for (Map.Entry<String, Object> claim : claims.getClaims().entrySet()) {
            String name = claim.getKey();
            if (NOT_KEYS.contains(name) || !CLAIM_NAME.matcher(name).matches()) {
                continue;
            }
            stringValues(claim.getValue()).ifPresent(values -> keys.put(prefix + ":" + name, values));
        }
        return keys;
    }

    /** A string, or a list of strings, of bounded length; anything else is no condition key. */
    private static Optional<List<String>> stringValues(Object value) {
        if (value instanceof String s) {
            return s.length() <= MAX_VALUE ? Optional.of(List.of(s)) : Optional.empty();
        }
        if (value instanceof List<?> list && !list.isEmpty()) {
            List<String> values = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof String s) || s.length() > MAX_VALUE) {
                    return Optional.empty();
                }
                values.add(s);
            }
            return Optional.of(values);
        }
        return Optional.empty();
    }

    private static ServiceException invalid(String message) {
        return new ServiceException("InvalidIdentityToken", 400, message);
    }

    private static String printable(String value) {
        String cut = value.length() > 200 ? value.substring(0, 200) + "..." : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
