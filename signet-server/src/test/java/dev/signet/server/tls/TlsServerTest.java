package dev.signet.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.testing.TlsTestCa;
import dev.signet.server.Deployment;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServerException;
import dev.signet.server.testing.AwsCli;
import dev.signet.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * The server over HTTPS with a certificate from a CA made in the test: the AWS SDK for Java v2 and
 * the AWS CLI (v1 and v2, {@code --ca-bundle}) work against it; a certificate replaced on disk is
 * served without a restart; with a client CA, a client without a certificate is refused.
 */
class TlsServerTest {
    /** Bound on seeing a replaced certificate: the reload interval is 1 s. */
    private static final Duration RELOAD_BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final TlsTestCa ca = new TlsTestCa("Signet test TLS CA");

    private TestServer start(Optional<Path> clientCa) throws IOException {
        ca.server("first").write(dir.resolve("cert.pem"), dir.resolve("key.pem"), ca);
        TlsConfig tls = new TlsConfig(
                dir.resolve("cert.pem"), dir.resolve("key.pem"), Optional.empty(), clientCa, Duration.ofSeconds(1));
        Deployment embedded = Deployment.embedded();
        Deployment deployment = new Deployment(
                embedded.publicUrl(),
                Optional.of(tls),
                false,
                embedded.region(),
                embedded.accountId(),
                embedded.database(),
                embedded.objects(),
                embedded.masterKeyFile());
        return TestServer.start(Clock.systemUTC(), (ServerConfig c) -> c.withDeployment(deployment));
    }

    @Test
    void theSdkSignsAndStoresOverHttps() throws Exception {
        try (TestServer server = start(Optional.empty())) {
            assertThat(server.endpoint().getScheme()).isEqualTo("https");
            SignerClient signer = server.signer(b -> b.httpClient(client(null)));
            assertThat(signer.listSigningPlatforms().platforms()).isNotEmpty();
            var s3 = server.s3(b -> b.httpClient(client(null)));
            s3.createBucket(r -> r.bucket("tls-bucket"));
            s3.putObject(r -> r.bucket("tls-bucket").key("k"), RequestBody.fromString("over tls"));
            assertThat(s3.getObjectAsBytes(r -> r.bucket("tls-bucket").key("k")).asUtf8String())
                    .isEqualTo("over tls");

            // a client that does not trust the test CA is refused by its own TLS check
            SignerClient untrusting = server.signer(b -> b.httpClient(UrlConnectionHttpClient.create()));
            assertThatThrownBy(untrusting::listSigningPlatforms)
                    .isInstanceOf(SdkClientException.class)
                    .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void theAwsCliWorksWithTheCaBundle(int major) throws Exception {
        try (TestServer server = start(Optional.empty())) {
            Path bundle = ca.writeCertificate(dir.resolve("ca.pem"));
            AwsCli aws = AwsCli.of(major, server, dir);
            assertThat(aws.ok("--ca-bundle", bundle.toString(), "signer", "list-signing-platforms")
                            .get("platforms"))
                    .isNotEmpty();

            AwsCli.Result untrusted = aws.run("signer", "list-signing-platforms");
            assertThat(untrusted.exit()).isNotZero();
            assertThat(untrusted.err()).containsIgnoringCase("certificate verify failed");
        }
    }

    @Test
    void aCertificateReplacedOnDiskIsServedWithoutRestart() throws Exception {
        try (TestServer server = start(Optional.empty())) {
            int port = server.server().port();
            BigInteger first = servedSerial(port, ca.sslContext(null));

            TlsTestCa.Issued second = ca.server("second");
            // each file replaced atomically, the key first: a check between the two sees a key that is not
            // the certificate's and keeps serving the old pair until the certificate follows
            second.write(dir.resolve("cert.next"), dir.resolve("key.next"), ca);
            Files.move(
                    dir.resolve("key.next"), dir.resolve("key.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(
                    dir.resolve("cert.next"),
                    dir.resolve("cert.pem"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);

            long deadline = System.nanoTime() + RELOAD_BOUND.toNanos();
            BigInteger served = first;
            while (!served.equals(second.certificate().getSerialNumber()) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                served = servedSerial(port, ca.sslContext(null));
            }
            assertThat(served)
                    .as("the replaced certificate is served within " + RELOAD_BOUND)
                    .isEqualTo(second.certificate().getSerialNumber())
                    .isNotEqualTo(first);
            assertThat(server.signer(b -> b.httpClient(client(null)))
                            .listSigningPlatforms()
                            .platforms())
                    .isNotEmpty();
        }
    }

    @Test
    void mutualTlsRefusesAClientWithoutACertificate() throws Exception {
        Path clientCa = ca.writeCertificate(dir.resolve("client-ca.pem"));
        try (TestServer server = start(Optional.of(clientCa))) {
            TlsTestCa.Issued client = ca.client("a client");
            SignerClient withCertificate = server.signer(b -> b.httpClient(client(ca.keyStore(client))));
            assertThat(withCertificate.listSigningPlatforms().platforms()).isNotEmpty();

            SignerClient without = server.signer(b -> b.httpClient(client(null)));
            assertThatThrownBy(without::listSigningPlatforms).isInstanceOf(SdkClientException.class);
            assertThat(rawRequestWithoutCertificate(server.server().port()))
                    .as("no HTTP response reaches a client without a certificate")
                    .doesNotContain("HTTP/1.1");

            TlsTestCa stranger = new TlsTestCa("Another CA");
            TlsTestCa.Issued foreign = stranger.client("someone else");
            SignerClient foreignCertificate = server.signer(b -> b.httpClient(client(stranger.keyStore(foreign))));
            assertThatThrownBy(foreignCertificate::listSigningPlatforms).isInstanceOf(SdkClientException.class);
        }
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedAtStart() throws Exception {
        ca.server("one").write(dir.resolve("cert.pem"), dir.resolve("unused.pem"), ca);
        ca.server("two").write(dir.resolve("other.pem"), dir.resolve("key.pem"), ca);
        TlsConfig tls = new TlsConfig(
                dir.resolve("cert.pem"),
                dir.resolve("key.pem"),
                Optional.empty(),
                Optional.empty(),
                Duration.ofSeconds(1));
        Deployment embedded = Deployment.embedded();
        Deployment deployment = new Deployment(
                embedded.publicUrl(),
                Optional.of(tls),
                false,
                embedded.region(),
                embedded.accountId(),
                embedded.database(),
                embedded.objects(),
                embedded.masterKeyFile());
        assertThatThrownBy(() -> TestServer.start(Clock.systemUTC(), (ServerConfig c) -> c.withDeployment(deployment)))
                .isInstanceOf(SignetServerException.class)
                .hasMessageContaining("is not the private key of the first certificate in " + dir.resolve("cert.pem"));
    }

    /** The serial number of the certificate a fresh handshake gets. */
    private static BigInteger servedSerial(int port, SSLContext context) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    /** What a raw HTTPS GET without a client certificate reads back (empty when refused). */
    private String rawRequestWithoutCertificate(int port) throws IOException {
        try (SSLSocket socket =
                (SSLSocket) ca.sslContext(null).getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(64), StandardCharsets.US_ASCII);
        } catch (SSLException | java.net.SocketException e) {
            return "";
        }
    }

    /** An SDK HTTP client trusting the test CA, presenting the key and chain of {@code clientKeys} if given. */
    private UrlConnectionHttpClient client(KeyStore clientKeys) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(ca.trustStore());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(clientKeys, new char[0]);
            return (UrlConnectionHttpClient) UrlConnectionHttpClient.builder()
                    .tlsTrustManagersProvider(trust::getTrustManagers)
                    .tlsKeyManagersProvider(() -> clientKeys == null ? new KeyManager[0] : keys.getKeyManagers())
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
