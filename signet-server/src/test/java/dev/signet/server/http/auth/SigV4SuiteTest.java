package dev.signet.server.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The published AWS SigV4 test suite (see src/test/resources/sigv4/README.md). */
class SigV4SuiteTest {
    static final String KEY_ID = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final Instant WHEN = Instant.parse("2015-08-30T12:36:00Z");
    static final Caller CALLER = new Caller(KEY_ID, "arn:aws:iam::000000000000:user/example", "000000000000");

    record Case(String name, ParsedRequest request, String creq, String authz) {
        @Override
        public String toString() {
            return name;
        }
    }

    record ParsedRequest(SigV4Request request, byte[] body) {}

    static Stream<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        for (String name : read("index.txt").split("\n")) {
            if (name.isBlank()) {
                continue;
            }
            out.add(new Case(
                    name,
                    parse(read(name + "/" + name + ".req")),
                    read(name + "/" + name + ".creq"),
                    read(name + "/" + name + ".authz")));
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void canonicalRequestAndSignatureMatchTheSuite(Case c) throws Exception {
        SigV4Request request = c.request().request();
        SignatureParameters params = SignatureParameters.fromAuthorization(c.authz());
        String creq = SigV4.canonicalRequest(
                request.method(),
                SigV4.canonicalUri(request.rawPath(), true),
                SigV4.canonicalQuery(request.rawQuery(), java.util.Set.of()),
                params.signedHeaders(),
                request::headerValues,
                SigV4.sha256Hex(c.request().body()));
        assertThat(creq).isEqualTo(c.creq());
        byte[] key = SigV4.signingKey(SECRET.getBytes(StandardCharsets.UTF_8), "20150830", "us-east-1", "service");
        String signature = SigV4.signature(key, SigV4.stringToSign("20150830T123600Z", params.scope(), creq));
        assertThat(c.authz()).endsWith("Signature=" + signature);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void verifierAcceptsTheSuiteRequest(Case c) throws Exception {
        SigV4Request signed = withAuthorization(c.request().request(), c.authz());
        SigningContext ctx = verifier(WHEN)
                .verify(
                        signed,
                        SigV4Verifier.parameters(signed),
                        SigV4.sha256Hex(c.request().body()));
        assertThat(ctx.caller()).isEqualTo(CALLER);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void verifierRejectsATamperedSignature(Case c) {
        String authz = c.authz();
        char last = authz.charAt(authz.length() - 1);
        String tampered = authz.substring(0, authz.length() - 1) + (last == '0' ? '1' : '0');
        SigV4Request signed = withAuthorization(c.request().request(), tampered);
        assertThatThrownBy(() -> verifier(WHEN)
                        .verify(
                                signed,
                                SigV4Verifier.parameters(signed),
                                SigV4.sha256Hex(c.request().body())))
                .isInstanceOfSatisfying(
                        AuthenticationException.class,
                        e -> assertThat(e.kind()).isEqualTo(AuthenticationException.Kind.BAD_SIGNATURE));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void verifierRejectsATamperedBody(Case c) {
        SigV4Request signed = withAuthorization(c.request().request(), c.authz());
        assertThatThrownBy(() -> verifier(WHEN)
                        .verify(
                                signed,
                                SigV4Verifier.parameters(signed),
                                SigV4.sha256Hex("x".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(
                        AuthenticationException.class,
                        e -> assertThat(e.kind()).isEqualTo(AuthenticationException.Kind.BAD_SIGNATURE));
    }

    static SigV4Verifier verifier(Instant now) {
        return new SigV4Verifier(
                id -> id.equals(KEY_ID) ? Optional.of(new ResolvedAccessKey(CALLER, SECRET)) : Optional.empty(),
                "us-east-1",
                Clock.fixed(now, ZoneOffset.UTC));
    }

    static SigV4Request withAuthorization(SigV4Request request, String authz) {
        Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
        headers.put("authorization", List.of(authz));
        return new SigV4Request(request.method(), request.rawPath(), request.rawQuery(), headers);
    }

    static String read(String resource) throws IOException {
        try (InputStream in = SigV4SuiteTest.class.getResourceAsStream("/sigv4/" + resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The suite's .req format: request line, headers (indented lines continue a header), blank line, body. */
    static ParsedRequest parse(String raw) {
        int split = raw.indexOf("\n\n");
        String head = split < 0 ? raw : raw.substring(0, split);
        String body = split < 0 ? "" : raw.substring(split + 2);
        String[] lines = head.split("\n");
        String requestLine = lines[0];
        String method = requestLine.substring(0, requestLine.indexOf(' '));
        String target = requestLine.substring(method.length() + 1, requestLine.lastIndexOf(' '));
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        List<String[]> flat = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith(" ") || line.startsWith("\t")) {
                value.append(' ').append(line);
                continue;
            }
            if (name != null) {
                flat.add(new String[] {name, value.toString()});
            }
            int colon = line.indexOf(':');
            name = line.substring(0, colon);
            value = new StringBuilder(line.substring(colon + 1));
        }
        if (name != null) {
            flat.add(new String[] {name, value.toString()});
        }
        for (String[] h : flat) {
            headers.computeIfAbsent(h[0].toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
                    .add(h[1]);
        }
        return new ParsedRequest(new SigV4Request(method, path, query, headers), body.getBytes(StandardCharsets.UTF_8));
    }
}
