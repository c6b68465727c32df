package dev.signet.server.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.sigv4.SigV4;
import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.server.service.Caller;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SigV4 as the server meets it before anything is authenticated: {@link SigV4Verifier#parameters}
 * (the Authorization header or a presigned query) and then {@link SigV4Verifier#verify}, with one
 * known access key and a fixed clock, so the seeds signed with that key pass and the fuzzer can
 * reach every check (a test here keeps the good seeds good). Declares {@link AuthenticationException}.
 */
class SigV4VerifierFuzz {
    static final String ACCESS_KEY = "AKIDSIGNETFUZZ";
    static final String SECRET = "fuzz/secret/key/for/sigv4/only/000000000";
    static final String HOST = "127.0.0.1:9000";
    static final String AMZ_DATE = "20261201T120000Z";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
    private static final SigV4Verifier VERIFIER = new SigV4Verifier(
            id -> ACCESS_KEY.equals(id)
                    ? Optional.of(new ResolvedAccessKey(
                            Caller.administrator(ACCESS_KEY, "arn:aws:iam::000000000000:user/fuzz", "000000000000"),
                            SECRET))
                    : Optional.empty(),
            "us-east-1",
            CLOCK);

    /** The input is the Authorization header of a signed {@code GET /}. */
    @BoundedFuzzTest
    void authorizationHeader(byte[] input) {
        check(authorizationRequest(input));
    }

    /** The input is the raw query string of a presigned {@code GET /bucket/key}. */
    @BoundedFuzzTest
    void presignedQuery(byte[] input) {
        check(presignedRequest(input));
    }

    /**
     * The input is a whole request head: {@code METHOD PATH[?QUERY]}, then {@code name: value} lines
     * (LF-separated), so paths, queries and header sets are fuzzed together.
     */
    @BoundedFuzzTest
    void requestHead(byte[] input) {
        check(headRequest(input));
    }

    /**
     * The corpus starts from requests that pass every check, so fuzzing explores past them. Tagged
     * {@code fuzz}, as the targets are: only the {@code fuzz} execution takes a {@code *Fuzz} class.
     */
    @Tag("fuzz")
    @ParameterizedTest
    @ValueSource(
            strings = {
                "authorizationHeader/valid-signer",
                "authorizationHeader/valid-s3",
                "presignedQuery/valid",
                "requestHead/signer-post",
                "requestHead/s3-put",
                "requestHead/presigned-get"
            })
    void theGoodSeedsVerify(String seed) throws Exception {
        byte[] input;
        try (InputStream in = getClass().getResourceAsStream("SigV4VerifierFuzzInputs/" + seed)) {
            input = in.readAllBytes();
        }
        SigV4Request request = switch (seed.substring(0, seed.indexOf('/'))) {
            case "authorizationHeader" -> authorizationRequest(input);
            case "presignedQuery" -> presignedRequest(input);
            default -> headRequest(input);
        };
        assertThat(VERIFIER.verify(request, SigV4Verifier.parameters(request), payloadHash(request))
                        .caller()
                        .accessKeyId())
                .isEqualTo(ACCESS_KEY);
    }

    private static SigV4Request authorizationRequest(byte[] input) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("host", List.of(HOST));
        headers.put("x-amz-date", List.of(AMZ_DATE));
        headers.put("x-amz-content-sha256", List.of(SigV4.EMPTY_SHA256));
        headers.put("authorization", List.of(text(input)));
        return new SigV4Request("GET", "/", "", headers);
    }

    private static SigV4Request presignedRequest(byte[] input) {
        return new SigV4Request("GET", "/bucket/key", text(input), Map.of("host", List.of(HOST)));
    }

    private static SigV4Request headRequest(byte[] input) {
        String[] lines = text(input).split("\n", -1);
        String[] requestLine = lines[0].split(" ", 2);
        String target = requestLine.length > 1 ? requestLine[1] : "/";
        int q = target.indexOf('?');
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).strip());
            }
        }
        return new SigV4Request(
                requestLine[0], q < 0 ? target : target.substring(0, q), q < 0 ? "" : target.substring(q + 1), headers);
    }

    /** What the server passes as the signed payload hash: the header, else (presigned) UNSIGNED-PAYLOAD. */
    private static String payloadHash(SigV4Request request) {
        return request.header("x-amz-content-sha256")
                .orElse(
                        SigV4Verifier.isSigned(request)
                                        && request.header("authorization").isEmpty()
                                ? "UNSIGNED-PAYLOAD"
                                : SigV4.EMPTY_SHA256);
    }

    private static void check(SigV4Request request) {
        FuzzBounds.parse(() -> {
            try {
                VERIFIER.verify(request, SigV4Verifier.parameters(request), payloadHash(request));
            } catch (AuthenticationException declared) {
                // refused, as documented
            }
        });
    }

    /** Header values and query strings reach the server as ISO-8859-1 text. */
    private static String text(byte[] input) {
        return new String(input, StandardCharsets.ISO_8859_1);
    }
}
