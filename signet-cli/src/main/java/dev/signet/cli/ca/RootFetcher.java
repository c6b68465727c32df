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
 * Fetches the root certificate from {@code GET /v1/ca/root.pem} (unauthenticated) and checks that
 * it is one PEM X.509 certificate before anyone writes it anywhere.
 */
final class RootFetcher {
    static final String PATH = "/v1/ca/root.pem";
    private static final int MAX_BYTES = 1 << 20;

    /** The PEM text and the certificate it holds. */
    record Root(String pem, X509Certificate certificate) {}

    private RootFetcher() {}

    static Root fetch(URI endpoint) {
        URI url = URI.create(endpoint.toString() + PATH);
        HttpSession.Settings limits = new HttpSession.Settings(5_000, 30_000, MAX_BYTES, 0);
        try (HttpSession http = new HttpSession(limits)) {
            HttpResponse response = http.send(HttpRequest.of("GET", url, List.of()));
            if (response.status() != 200) {
                int code = response.status() >= 500 ? ExitCode.UNAVAILABLE : ExitCode.REJECTED;
                throw new CliException(code, "GET " + url + " returned HTTP " + response.status());
            }
            return parse(new String(response.body(), StandardCharsets.US_ASCII), url);
        } catch (ResponseTooLargeException e) {
            throw new CliException(ExitCode.UNAVAILABLE, "GET " + url + " returned more than 1 MiB", e);
        } catch (IOException e) {
            throw Unreachable.error(endpoint, e);
        }
    }

    static Root parse(String pem, URI source) {
        if (!pem.strip().startsWith("-----BEGIN CERTIFICATE-----")) {
            throw new CliException(ExitCode.UNAVAILABLE, source + " did not return a PEM certificate");
        }
        try {
            var certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certs.size() != 1) {
                throw new CliException(
                        ExitCode.UNAVAILABLE, source + " returned " + certs.size() + " certificates, expected 1");
            }
            return new Root(
                    pem.strip() + "\n", (X509Certificate) certs.iterator().next());
        } catch (CertificateException e) {
            throw new CliException(ExitCode.UNAVAILABLE, source + " did not return a valid certificate", e);
        }
    }
}
