package dev.signet.server.http.auth;

import dev.signet.core.sigv4.SigV4;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a SigV4 request claims: the credential (key, date, region, service), the signed header
 * names and the signature, from the Authorization header or from a presigned URL's query.
 *
 * @param expiresSeconds X-Amz-Expires of a presigned URL; empty for a header-signed request
 */
public record SignatureParameters(
        String accessKeyId,
        String date,
        String region,
        String service,
        List<String> signedHeaders,
        String signature,
        Optional<Long> expiresSeconds) {

    // checked per request, so by hand: a credential date is 8 digits, a key/region/service token
    // [A-Za-z0-9._-]{1,128}, a signed header name [a-z0-9!#$%&'*+.^_`|~-]{1,128}
    private static final String HEADER_NAME_PUNCTUATION = "!#$%&'*+.^_`|~-";
    static final long MAX_EXPIRES_SECONDS = 604_800;

    public SignatureParameters {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(service, "service");
        signedHeaders = List.copyOf(signedHeaders);
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(expiresSeconds, "expiresSeconds");
    }

    /** The credential scope, {@code date/region/service/aws4_request}. */
    public String scope() {
        return date + "/" + region + "/" + service + "/" + SigV4.TERMINATOR;
    }

    public boolean presigned() {
        return expiresSeconds.isPresent();
    }

    /** Parses {@code AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}. */
    public static SignatureParameters fromAuthorization(String header) throws AuthenticationException {
        if (!header.startsWith(SigV4.ALGORITHM + " ")) {
            throw AuthenticationException.malformed("Only the AWS4-HMAC-SHA256 authorization scheme is supported.");
        }
        Map<String, String> fields = new HashMap<>();
        for (String part : header.substring(SigV4.ALGORITHM.length() + 1).split(",")) {
            String p = part.strip();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw AuthenticationException.malformed(
                        "Authorization header requires 'Credential', 'SignedHeaders'" + " and 'Signature' parameters.");
            }
            if (fields.put(p.substring(0, eq), p.substring(eq + 1)) != null) {
                throw AuthenticationException.malformed("Authorization header repeats " + p.substring(0, eq) + ".");
            }
        }
        return of(fields.get("Credential"), fields.get("SignedHeaders"), fields.get("Signature"), Optional.empty());
    }

    /** Parses the X-Amz-* parameters of a presigned URL (already decoded). */
    public static SignatureParameters fromQuery(Map<String, String> query) throws AuthenticationException {
        if (!SigV4.ALGORITHM.equals(query.get("X-Amz-Algorithm"))) {
            throw AuthenticationException.malformed("X-Amz-Algorithm must be AWS4-HMAC-SHA256.");
        }
        String expires = query.get("X-Amz-Expires");
        long seconds;
        try {
            seconds = Long.parseLong(Objects.requireNonNullElse(expires, ""));
        } catch (NumberFormatException e) {
            throw AuthenticationException.malformed("X-Amz-Expires must be a number of seconds.");
        }
        if (seconds < 1 || seconds > MAX_EXPIRES_SECONDS) {
            throw AuthenticationException.malformed("X-Amz-Expires must be between 1 and 604800 seconds.");
        }
        return of(
                query.get("X-Amz-Credential"),
                query.get("X-Amz-SignedHeaders"),
                query.get("X-Amz-Signature"),
                Optional.of(seconds));
    }

    private static SignatureParameters of(
            String credential, String signedHeaders, String signature, Optional<Long> expires)
            throws AuthenticationException {
        if (credential == null || signedHeaders == null || signature == null) {
            throw AuthenticationException.malformed(
                    "Authorization requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
        }
        String[] scope = credential.split("/", -1);
        if (scope.length != 5
                || !isToken(scope[0])
                || !isDate(scope[1])
                || !isToken(scope[2])
                || !isToken(scope[3])
                || !SigV4.TERMINATOR.equals(scope[4])) {
            throw AuthenticationException.malformed(
                    "Credential should be scoped to a valid region and service: KEY/YYYYMMDD/REGION/SERVICE/aws4_request.");
        }
        List<String> headers = List.of(signedHeaders.split(";", -1));
        for (int i = 0; i < headers.size(); i++) {
            if (!isHeaderName(headers.get(i)) || (i > 0 && headers.get(i - 1).compareTo(headers.get(i)) >= 0)) {
                throw AuthenticationException.malformed(
                        "SignedHeaders must be lower-case header names, sorted, separated by ';'.");
            }
        }
        if (!headers.contains("host")) {
            throw AuthenticationException.malformed("'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }
        if (!SigV4.isSha256Hex(signature)) {
            throw AuthenticationException.malformed("Signature must be 64 lower-case hex digits.");
        }
        return new SignatureParameters(scope[0], scope[1], scope[2], scope[3], headers, signature, expires);
    }

    private static boolean isDate(String s) {
        if (s.length() != 8) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isToken(String s) {
        if (s.isEmpty() || s.length() > 128) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHeaderName(String s) {
        if (s.isEmpty() || s.length() > 128) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isDigit(c) || (c >= 'a' && c <= 'z') || HEADER_NAME_PUNCTUATION.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** ASCII digits only, as {@code \d} in a Java regex. */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
