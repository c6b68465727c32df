package dev.signet.server.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.core.sigv4.SigV4;
import dev.signet.server.service.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AWS's Signature Version 4 test suite (src/test/resources/sigv4-v4/README.md) through the server's
 * {@link SigV4Verifier}, in both forms the suite signs: the Authorization header and the presigned
 * query. Each signed request verifies, its canonical request is the suite's, and any single change to
 * what a signature covers (method, path, a query parameter, a signed header's value or presence, the
 * body, the request time) is refused.
 */
class SigV4ReferenceSuiteTest {
    private static final Caller CALLER =
            Caller.administrator("AKIDEXAMPLE", "arn:aws:iam::000000000000:user/example", "000000000000");
    private static final Set<String> PRESIGN_EXCLUDED = Set.of("X-Amz-Signature");
    private static final Set<String> PRESIGN_UNSIGNED_TOKEN = Set.of("X-Amz-Signature", "X-Amz-Security-Token");

    /** One case in one form: its context, the signed request and the canonical request it signs. */
    record Signed(String name, String form, JsonNode context, SigV4Request request, byte[] body, String canonical) {
        @Override
        public String toString() {
            return name + " (" + form + ")";
        }

        boolean presigned() {
            return form.equals("query");
        }
    }

    /** A change to a signed request, named for the failure message. */
    record Change(String what, SigV4Request request, byte[] body) {}

    static Stream<Signed> signedRequests() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Signed> out = new ArrayList<>();
        for (String name : read("index.txt").split("\n")) {
            if (name.isBlank()) {
                continue;
            }
            JsonNode context = json.readTree(read(name + "/context.json"));
            for (String form : List.of("header", "query")) {
                String raw = read(name + "/" + form + "-signed-request.txt");
                int split = raw.indexOf("\n\n");
                byte[] body = split < 0 ? new byte[0] : raw.substring(split + 2).getBytes(StandardCharsets.UTF_8);
                out.add(new Signed(
                        name,
                        form,
                        context,
                        parse(split < 0 ? raw : raw.substring(0, split)),
                        body,
                        read(name + "/" + form + "-canonical-request.txt")));
            }
        }
        return out.stream();
    }

    @Test
    void theWholeSuiteIsHere() throws IOException {
        assertThat(signedRequests()).hasSize(2 * 38);
    }

    @ParameterizedTest
    @MethodSource("signedRequests")
    void theServerVerifiesTheSuitesSignedRequest(Signed s) throws Exception {
        SignatureParameters params = SigV4Verifier.parameters(s.request());
        assertThat(params.presigned()).isEqualTo(s.presigned());

        SigningContext verified = verifier(s).verify(s.request(), params, payloadHash(s.request(), s.body()));

        assertThat(verified.caller()).isEqualTo(CALLER);
        assertThat(canonicalRequest(s, params)).isEqualTo(s.canonical());
    }

    @ParameterizedTest
    @MethodSource("signedRequests")
    void everySingleChangeToWhatTheSignatureCoversIsRefused(Signed s) throws Exception {
        List<Change> changes = changes(s);
        assertThat(changes).hasSizeGreaterThanOrEqualTo(5);
        for (Change change : changes) {
            assertThatThrownBy(
                            () -> {
                                String hash = payloadHash(change.request(), change.body());
                                if (!SigV4.sha256Hex(change.body()).equals(hash)) {
                                    // a declared hash that no longer matches the body: the Dispatcher's check
                                    throw AuthenticationException.badSignature();
                                }
                                verifier(s).verify(change.request(), SigV4Verifier.parameters(change.request()), hash);
                            },
                            change.what())
                    .isInstanceOf(AuthenticationException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("signedRequests")
    void theSameRequestIsRefusedOnceItsTimeIsOutOfBounds(Signed s) {
        Instant signedAt = Instant.parse(s.context().get("timestamp").asText());
        Instant late = s.presigned()
                ? signedAt.plusSeconds(s.context().get("expiration_in_seconds").asLong() + 1)
                : signedAt.plus(SigV4Verifier.MAX_SKEW).plusSeconds(1);

        assertThatThrownBy(() -> verifier(s, late)
                        .verify(s.request(), SigV4Verifier.parameters(s.request()), payloadHash(s.request(), s.body())))
                .isInstanceOfSatisfying(
                        AuthenticationException.class,
                        e -> assertThat(e.getMessage()).containsAnyOf("Request has expired", "Signature expired"));
    }

    /** The single changes to try: each must make the request fail verification. */
    private static List<Change> changes(Signed s) {
        SigV4Request r = s.request();
        List<Change> out = new ArrayList<>();
        out.add(new Change(
                "method",
                new SigV4Request(r.method().equals("GET") ? "POST" : "GET", r.rawPath(), r.rawQuery(), r.headers()),
                s.body()));
        out.add(new Change(
                "path", new SigV4Request(r.method(), r.rawPath() + "x", r.rawQuery(), r.headers()), s.body()));
        out.add(new Change(
                "an added query parameter",
                new SigV4Request(
                        r.method(),
                        r.rawPath(),
                        r.rawQuery() + (r.rawQuery().isEmpty() ? "" : "&") + "extra=1",
                        r.headers()),
                s.body()));
        String[] parts = r.rawQuery().isEmpty() ? new String[0] : r.rawQuery().split("&");
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].startsWith("X-Amz-Signature=")
                    || (tokenUnsigned(s) && parts[i].startsWith("X-Amz-Security-Token="))) {
                continue; // not covered by the signature
            }
            String[] changed = parts.clone();
            changed[i] = parts[i].startsWith("X-Amz-Date=") ? "X-Amz-Date=20150830T123601Z" : parts[i] + "0";
            out.add(new Change(
                    "query parameter " + parts[i],
                    new SigV4Request(r.method(), r.rawPath(), String.join("&", changed), r.headers()),
                    s.body()));
        }
        for (String header : signedHeaders(s)) {
            UnaryOperator<String> changeValue = header.equals("x-amz-date") ? v -> "20150830T123601Z" : v -> v + "0";
            out.add(new Change("signed header " + header, withHeader(r, header, changeValue), s.body()));
            out.add(new Change("signed header " + header + " removed", withHeader(r, header, null), s.body()));
        }
        byte[] body = new byte[s.body().length + 1];
        System.arraycopy(s.body(), 0, body, 0, s.body().length);
        body[s.body().length] = 'x';
        out.add(new Change("body", r, body));
        return out;
    }

    private static List<String> signedHeaders(Signed s) {
        try {
            return List.copyOf(SigV4Verifier.parameters(s.request()).signedHeaders());
        } catch (AuthenticationException e) {
            throw new AssertionError(s + " does not parse", e);
        }
    }

    /** {@code request} with {@code header}'s values changed, or without the header for a null change. */
    private static SigV4Request withHeader(SigV4Request request, String header, UnaryOperator<String> change) {
        Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
        if (change == null) {
            headers.remove(header);
        } else {
            headers.put(
                    header,
                    headers.getOrDefault(header, List.of("")).stream()
                            .map(change)
                            .toList());
        }
        return new SigV4Request(request.method(), request.rawPath(), request.rawQuery(), headers);
    }

    /** As the Dispatcher takes it for a buffered body: the declared hash, else the body's. */
    private static String payloadHash(SigV4Request request, byte[] body) {
        return request.header("x-amz-content-sha256").map(String::strip).orElse(SigV4.sha256Hex(body));
    }

    private static String canonicalRequest(Signed s, SignatureParameters params) {
        return SigV4.canonicalRequest(
                s.request().method(),
                SigV4.canonicalUri(
                        s.request().rawPath(), s.context().get("normalize").asBoolean()),
                SigV4.canonicalQuery(
                        s.request().rawQuery(),
                        !s.presigned() ? Set.of() : tokenUnsigned(s) ? PRESIGN_UNSIGNED_TOKEN : PRESIGN_EXCLUDED),
                params.signedHeaders(),
                s.request()::headerValues,
                payloadHash(s.request(), s.body()));
    }

    /** The server's verifier at the case's time; a case that does not normalize signs for a service like S3. */
    private static SigV4Verifier verifier(Signed s) {
        return verifier(s, Instant.parse(s.context().get("timestamp").asText()));
    }

    private static SigV4Verifier verifier(Signed s, Instant now) {
        String service = s.context().get("service").asText();
        return new SigV4Verifier(
                id -> key(id, s.context().path("credentials").path("token").asText("")),
                s.context().get("region").asText(),
                Clock.fixed(now, ZoneOffset.UTC),
                s.context().get("normalize").asBoolean() ? Set.of() : Set.of(service));
    }

    /** Whether the case adds its session token after signing (the suite's {@code omit_session_token}). */
    private static boolean tokenUnsigned(Signed s) {
        return s.context().path("omit_session_token").asBoolean(false);
    }

    /** The suite's key; temporary credentials (which require their token) in the cases that have a session token. */
    private static Optional<ResolvedAccessKey> key(String id, String token) {
        if (!id.equals("AKIDEXAMPLE")) {
            return Optional.empty();
        }
        String secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        if (token.isEmpty()) {
            return Optional.of(new ResolvedAccessKey(CALLER, secret));
        }
        return Optional.of(ResolvedAccessKey.temporary(CALLER, secret, new ResolvedAccessKey.Session() {
            @Override
            public boolean tokenMatches(String presented) {
                return presented.equals(token);
            }

            @Override
            public boolean expired() {
                return false;
            }
        }));
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = SigV4ReferenceSuiteTest.class.getResourceAsStream("/sigv4-v4/" + resource)) {
            if (in == null) {
                throw new IOException("missing test resource sigv4-v4/" + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The suite's request head: request line, then headers, an indented line continuing the one before. */
    private static SigV4Request parse(String head) {
        String[] lines = head.split("\n");
        String method = lines[0].substring(0, lines[0].indexOf(' '));
        String target = lines[0].substring(method.length() + 1, lines[0].lastIndexOf(' '));
        int q = target.indexOf('?');
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String name = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith(" ") || line.startsWith("\t")) {
                List<String> values = headers.get(name);
                values.set(values.size() - 1, values.get(values.size() - 1) + " " + line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(line.substring(colon + 1));
        }
        return new SigV4Request(
                method, q < 0 ? target : target.substring(0, q), q < 0 ? "" : target.substring(q + 1), headers);
    }
}
