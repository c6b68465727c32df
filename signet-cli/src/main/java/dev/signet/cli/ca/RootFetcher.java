package dev.signet.cli.ca;

import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.client.Unreachable;
import dev.signet.cli.http.HttpRequest;
import dev.signet.cli.http.HttpResponse;
import dev.signet.cli.http.HttpSession;
import dev.signet.cli.http.ResponseTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Fetches the CA's roots from {@code GET /v1/ca/roots.pem} and its cross certificates from {@code
 * GET /v1/ca/cross.pem} (both unauthenticated) and checks that each body is PEM X.509 certificates
 * (1 to {@value #MAX_CERTIFICATES} roots, 0 to as many cross certificates) before anyone writes
 * them anywhere.
 */
final class RootFetcher {
    static final String ROOTS_PATH = "/v1/ca/roots.pem";
    static final String CROSS_PATH = "/v1/ca/cross.pem";
    static final int MAX_CERTIFICATES = 64;
    private static final int MAX_BYTES = 1 << 20;

    private RootFetcher() {}

    /** Every root, oldest first: the first is the one every chain the CA hands out reaches. */
    static List<X509Certificate> roots(URI endpoint) {
        URI url = URI.create(endpoint.toString() + ROOTS_PATH);
        return parse(get(endpoint, url), url, 1);
    }

    /** Every cross certificate (forward and reverse), by root generation; empty before a root renewal. */
    static List<X509Certificate> crossCertificates(URI endpoint) {
        URI url = URI.create(endpoint.toString() + CROSS_PATH);
        return parse(get(endpoint, url), url, 0);
    }

    private static String get(URI endpoint, URI url) {
        HttpSession.Settings limits = new HttpSession.Settings(5_000, 30_000, MAX_BYTES, 0);
        try (HttpSession http = new HttpSession(limits)) {
            HttpResponse response = http.send(HttpRequest.of("GET", url, List.of()));
            if (response.status() != 200) {
                int code = response.status() >= 500 ? ExitCode.UNAVAILABLE : ExitCode.REJECTED;
                throw new CliException(code, "GET " + url + " returned HTTP " + response.status());
            }
            return new String(response.body(), StandardCharsets.US_ASCII);
        } catch (ResponseTooLargeException e) {
            throw new CliException(ExitCode.UNAVAILABLE, "GET " + url + " returned more than 1 MiB", e);
        } catch (IOException e) {
            throw Unreachable.error(endpoint, e);
        }
    }

    /**
     * The certificates of the PEM text {@code pem}: at least {@code min}, at most {@value
     * #MAX_CERTIFICATES}, nothing but PEM certificates.
     */
    static List<X509Certificate> parse(String pem, URI source, int min) {
        String text = pem.strip();
        if (text.isEmpty() && min == 0) {
            return List.of();
        }
        if (!text.startsWith("-----BEGIN CERTIFICATE-----") || !text.endsWith("-----END CERTIFICATE-----")) {
            throw new CliException(ExitCode.UNAVAILABLE, source + " did not return PEM certificates");
        }
        try {
            var certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
            if (certs.size() < Math.max(min, 1) || certs.size() > MAX_CERTIFICATES) {
                throw new CliException(
                        ExitCode.UNAVAILABLE,
                        source + " returned " + certs.size() + " certificates, expected " + Math.max(min, 1) + " to "
                                + MAX_CERTIFICATES);
            }
            return certs.stream().map(c -> (X509Certificate) c).toList();
        } catch (CertificateException | ClassCastException e) {
            throw new CliException(ExitCode.UNAVAILABLE, source + " did not return valid certificates", e);
        }
    }
}
