package dev.signet.server.http.auth;

import dev.signet.core.sigv4.AmzDate;
import dev.signet.core.sigv4.SigV4;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks AWS Signature Version 4 exactly as AWS does: canonical request, credential scope (its
 * region must be the one this endpoint serves), signed headers (the request time among them: a
 * signature must not be replayable at another time), a five-minute clock skew for signed headers,
 * expiry for presigned URLs, and a constant-time comparison. Thread-safe. Derived signing keys are
 * cached per key, date, region and service; the secret itself is never kept here.
 */
public final class SigV4Verifier {
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final DateTimeFormatter AMZ_DATE = AmzDate.FORMAT;
    private static final int MAX_CACHED_KEYS = 4096;
    private static final Set<String> PRESIGN_EXCLUDED = Set.of("X-Amz-Signature");
    private static final String TOKEN = "X-Amz-Security-Token";
    private static final Set<String> TOKEN_EXCLUDED = Set.of("X-Amz-Signature", TOKEN);
    /** Payload hashes that leave the body out of the signature: S3 alone accepts them, as on AWS. */
    private static final Set<String> UNSIGNED_PAYLOADS =
            Set.of("UNSIGNED-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER");

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SigV4Verifier.class);
    private final CredentialStore credentials;
    private final String region;
    private final Clock clock;
    private final Map<String, byte[]> signingKeys = new ConcurrentHashMap<>();
    private final Set<String> literalPaths;

    /** A verifier for requests scoped to {@code region} (the deployment's, e.g. {@code us-east-1}). */
    public SigV4Verifier(CredentialStore credentials, String region, Clock clock) {
        this(credentials, region, clock, Set.of());
    }

    /**
     * As above; requests for the services in {@code literalPaths} sign their path as sent, without
     * removing {@code .}, {@code ..} and empty segments (AWS's rule for S3, which keeps it always;
     * the SigV4 test suite's cases with {@code "normalize": false} sign for such a service).
     */
    SigV4Verifier(CredentialStore credentials, String region, Clock clock, Set<String> literalPaths) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.region = Objects.requireNonNull(region, "region");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.literalPaths = Set.copyOf(literalPaths);
    }

    /** Whether the request carries SigV4 authentication at all (header or presigned query). */
    public static boolean isSigned(SigV4Request request) {
        return request.header("authorization").isPresent()
                || request.rawQuery().contains("X-Amz-Algorithm=")
                || request.rawQuery().contains("X-Amz-Credential=");
    }

    /** What the request claims; the credential scope names the service to dispatch to. */
    public static SignatureParameters parameters(SigV4Request request) throws AuthenticationException {
        Optional<String> authorization = request.header("authorization");
        if (authorization.isPresent()) {
            return SignatureParameters.fromAuthorization(authorization.get());
        }
        if (isSigned(request)) {
            try {
                return SignatureParameters.fromQuery(request.query());
            } catch (IllegalArgumentException e) {
                throw AuthenticationException.malformed("The query string is not validly percent-encoded.");
            }
        }
        throw AuthenticationException.missing();
    }

    /**
     * Verifies the request's signature.
     *
     * @param payloadHash the hash that stands last in the canonical request: the
     *     {@code x-amz-content-sha256} value when present, else the SHA-256 of the body read
     */
    public SigningContext verify(SigV4Request request, SignatureParameters params, String payloadHash)
            throws AuthenticationException {
        Instant now = clock.instant();
        checkRegion(params);
        requireSignedPayload(params, payloadHash);
        String amzDate = requestTime(request, params);
        Instant time = parseAmzDate(amzDate);
        if (!amzDate.startsWith(params.date())) {
            throw new AuthenticationException(
                    AuthenticationException.Kind.BAD_SIGNATURE,
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                            + params.date() + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }
        checkTime(params, amzDate, time, now);
        ResolvedAccessKey key = credentials.find(params.accessKeyId()).orElseThrow(AuthenticationException::unknownKey);
        checkSessionToken(request, params, key);
        boolean s3 = "s3".equals(params.service());
        String canonicalUri;
        String canonicalQuery;
        try {
            canonicalUri = s3
                    ? SigV4.canonicalUri(SigV4.percentDecode(request.rawPath()), false)
                    : SigV4.canonicalUri(request.rawPath(), !literalPaths.contains(params.service()));
            canonicalQuery = SigV4.canonicalQuery(request.rawQuery(), params.presigned() ? PRESIGN_EXCLUDED : Set.of());
        } catch (IllegalArgumentException e) {
            throw AuthenticationException.malformed("The request URI is not validly percent-encoded.");
        }
        byte[] signingKey = signingKey(key, params);
        if (!signs(request, params, payloadHash, amzDate, canonicalUri, canonicalQuery, signingKey)
                && !(params.presigned()
                        && request.rawQuery().contains(TOKEN + "=")
                        && signs(
                                request,
                                params,
                                payloadHash,
                                amzDate,
                                canonicalUri,
                                withoutToken(request),
                                signingKey))) {
            throw AuthenticationException.badSignature();
        }
        return new SigningContext(key.caller(), params, amzDate, signingKey, payloadHash);
    }

    /**
     * Temporary credentials work only with their session token ({@code X-Amz-Security-Token}, the
     * header or a presigned URL's parameter) and before they expire; a long-term key works only
     * without one, as on AWS, so a token never rides along unchecked.
     */
    private static void checkSessionToken(SigV4Request request, SignatureParameters params, ResolvedAccessKey key)
            throws AuthenticationException {
        Optional<String> token;
        try {
            token = params.presigned()
                    ? Optional.ofNullable(request.query().get(TOKEN))
                    : request.header(TOKEN.toLowerCase(java.util.Locale.ROOT)).map(String::strip);
        } catch (IllegalArgumentException e) {
            throw AuthenticationException.malformed("The query string is not validly percent-encoded.");
        }
        Optional<ResolvedAccessKey.Session> session = key.session();
        if (session.isEmpty()) {
            if (token.isPresent()) {
                throw AuthenticationException.invalidToken();
            }
            return;
        }
        if (token.isEmpty() || !session.get().tokenMatches(token.get())) {
            throw AuthenticationException.invalidToken();
        }
        if (session.get().expired()) {
            throw AuthenticationException.expiredToken();
        }
    }

    /** Whether the request's signature is the one its canonical request (with {@code canonicalQuery}) gives. */
    private static boolean signs(
            SigV4Request request,
            SignatureParameters params,
            String payloadHash,
            String amzDate,
            String canonicalUri,
            String canonicalQuery,
            byte[] signingKey) {
        String canonicalRequest = SigV4.canonicalRequest(
                request.method(),
                canonicalUri,
                canonicalQuery,
                params.signedHeaders(),
                request::headerValues,
                payloadHash);
        String expected = SigV4.signature(signingKey, SigV4.stringToSign(amzDate, params.scope(), canonicalRequest));
        if (SigV4.constantTimeEquals(expected, params.signature())) {
            return true;
        }
        LOG.debug("Signature mismatch for {}; canonical request:\n{}", params.accessKeyId(), canonicalRequest);
        return false;
    }

    /**
     * The canonical query of a presigned URL whose session token was added after signing, as some
     * AWS clients do (the suite's {@code omit_session_token}): the header form equally lets a token
     * go unsigned. The token still has to be valid for the access key it names wherever tokens are
     * checked, so leaving it out of the signature lets no one borrow another session.
     */
    private static String withoutToken(SigV4Request request) {
        return SigV4.canonicalQuery(request.rawQuery(), TOKEN_EXCLUDED);
    }

    /**
     * Refuses a payload hash that leaves the body unsigned for any service but S3: the body of a
     * Signer, Lambda or native request is what the caller asks for (a digest to sign, a policy), so
     * a signature that does not cover it would let anyone on the way substitute another. A streamed
     * body may be signed chunk by chunk ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}).
     */
    public static void requireSignedPayload(SignatureParameters params, String payloadHash)
            throws AuthenticationException {
        if (!"s3".equals(params.service()) && UNSIGNED_PAYLOADS.contains(payloadHash)) {
            throw new AuthenticationException(
                    AuthenticationException.Kind.BAD_SIGNATURE,
                    "x-amz-content-sha256: " + payloadHash + " is accepted only by S3; the signature must cover"
                            + " the body: declare its hex SHA-256 (or omit the header and the server hashes it),"
                            + " or send it aws-chunked with STREAMING-AWS4-HMAC-SHA256-PAYLOAD where the route"
                            + " streams.");
        }
    }

    private void checkRegion(SignatureParameters params) throws AuthenticationException {
        if (!params.region().equals(region)) {
            throw new AuthenticationException(
                    AuthenticationException.Kind.WRONG_REGION,
                    "Credential should be scoped to a valid region. This endpoint serves '" + region + "', not '"
                            + params.region() + "'.",
                    (params.presigned()
                                    ? "Error parsing the X-Amz-Credential parameter"
                                    : "The authorization header is malformed")
                            + "; the region '" + params.region() + "' is wrong; expecting '" + region + "'");
        }
    }

    /** The request time; a malformed one is the client's error. */
    static Instant parseAmzDate(String amzDate) throws AuthenticationException {
        try {
            return AmzDate.parse(amzDate);
        } catch (DateTimeParseException e) {
            throw AuthenticationException.malformed("X-Amz-Date must be in the form YYYYMMDD'T'HHMMSS'Z'.");
        }
    }

    private static String requestTime(SigV4Request request, SignatureParameters params) throws AuthenticationException {
        if (params.presigned()) {
            try {
                String date = request.query().get("X-Amz-Date");
                if (date != null) {
                    return date;
                }
            } catch (IllegalArgumentException e) {
                throw AuthenticationException.malformed("The query string is not validly percent-encoded.");
            }
            throw AuthenticationException.malformed("A presigned URL requires X-Amz-Date.");
        }
        Optional<String> amzDate = request.header("x-amz-date");
        if (amzDate.isPresent()) {
            requireSigned(params, "x-amz-date", "X-Amz-Date");
            return amzDate.get().strip();
        }
        Optional<String> date = request.header("date");
        if (date.isPresent()) {
            requireSigned(params, "date", "Date");
            try {
                ZonedDateTime parsed = ZonedDateTime.parse(date.get().strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return AMZ_DATE.format(parsed.toInstant());
            } catch (DateTimeParseException e) {
                throw AuthenticationException.malformed("The Date header is not an RFC 1123 date.");
            }
        }
        throw AuthenticationException.malformed(
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }

    /** The header that gives the request time must be signed, or the signature could be replayed at any time. */
    private static void requireSigned(SignatureParameters params, String header, String shownAs)
            throws AuthenticationException {
        if (!params.signedHeaders().contains(header)) {
            throw AuthenticationException.malformed(
                    "'" + shownAs + "' must be a 'SignedHeader' in the AWS Authorization.");
        }
    }

    private static void checkTime(SignatureParameters params, String amzDate, Instant time, Instant now)
            throws AuthenticationException {
        if (params.presigned()) {
            if (now.isAfter(time.plusSeconds(params.expiresSeconds().orElseThrow()))) {
                throw new AuthenticationException(AuthenticationException.Kind.EXPIRED, "Request has expired");
            }
            if (time.isAfter(now.plus(MAX_SKEW))) {
                throw new AuthenticationException(AuthenticationException.Kind.SKEWED, "Request is not yet valid");
            }
            return;
        }
        String s3Message = "The difference between the request time and the current time is too large.";
        if (time.isBefore(now.minus(MAX_SKEW))) {
            throw new AuthenticationException(
                    AuthenticationException.Kind.SKEWED,
                    "Signature expired: " + amzDate + " is now earlier than " + AMZ_DATE.format(now.minus(MAX_SKEW))
                            + " (" + AMZ_DATE.format(now) + " - 5 min.)",
                    s3Message);
        }
        if (time.isAfter(now.plus(MAX_SKEW))) {
            throw new AuthenticationException(
                    AuthenticationException.Kind.SKEWED,
                    "Signature not yet current: " + amzDate + " is still later than "
                            + AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " + 5 min.)",
                    s3Message);
        }
    }

    private byte[] signingKey(ResolvedAccessKey key, SignatureParameters params) {
        String cacheKey =
                params.accessKeyId() + '\n' + params.date() + '\n' + params.region() + '\n' + params.service();
        byte[] cached = signingKeys.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        if (signingKeys.size() >= MAX_CACHED_KEYS) {
            signingKeys.clear();
        }
        byte[] secret = key.secret();
        try {
            byte[] derived = SigV4.signingKey(secret, params.date(), params.region(), params.service());
            signingKeys.put(cacheKey, derived);
            return derived;
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }
}
