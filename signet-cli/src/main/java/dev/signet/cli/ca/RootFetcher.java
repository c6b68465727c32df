package dev.signet.cli.ca;

import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.client.Unreachable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

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
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) url.toURL().openConnection();
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(30_000);
            connection.setInstanceFollowRedirects(false);
            int status = connection.getResponseCode();
            if (status != 200) {
                int code = status >= 500 ? ExitCode.UNAVAILABLE : ExitCode.REJECTED;
                throw new CliException(code, "GET " + url + " returned HTTP " + status);
            }
            try (InputStream in = connection.getInputStream()) {
                byte[] body = in.readNBytes(MAX_BYTES + 1);
                if (body.length > MAX_BYTES) {
                    throw new CliException(ExitCode.UNAVAILABLE, "GET " + url + " returned more than 1 MiB");
                }
                return parse(new String(body, StandardCharsets.US_ASCII), url);
            } finally {
                connection.disconnect();
            }
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
