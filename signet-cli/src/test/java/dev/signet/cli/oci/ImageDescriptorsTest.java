package dev.signet.cli.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ImageDescriptors#resolve} against a one-manifest registry in this JVM that answers with a chosen Content-Type. */
class ImageDescriptorsTest {
    private static final byte[] MANIFEST = "{\"schemaVersion\":2}".getBytes(StandardCharsets.US_ASCII);
    private HttpServer server;
    private volatile String contentType;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/team/app/manifests/", x -> {
            x.getResponseHeaders().add("Content-Type", contentType);
            x.sendResponseHeaders(200, MANIFEST.length);
            x.getResponseBody().write(MANIFEST);
            x.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {RegistryClient.OCI_MANIFEST, RegistryClient.OCI_MANIFEST + "; charset=utf-8"})
    void theDescriptorCarriesTheMediaTypeWithoutParameters(String type) {
        contentType = type;
        ImageReference image = image();

        assertThat(ImageDescriptors.resolve(registry(image), image).mediaType()).isEqualTo(RegistryClient.OCI_MANIFEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {";", " ; ;", "; charset=utf-8", "not a type"})
    void aContentTypeWithoutAMediaTypeIsTheRegistrysFault(String type) {
        // found by RegistryResponsesFuzz#resolve: "Content-Type: ;" escaped as ArrayIndexOutOfBoundsException
        contentType = type;
        ImageReference image = image();

        assertThatThrownBy(() -> ImageDescriptors.resolve(registry(image), image))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.UNAVAILABLE))
                .hasMessageStartingWith("the registry gave the image a bad media type");
    }

    private ImageReference image() {
        return ImageReference.parse(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/team/app@" + RegistryClient.sha256(MANIFEST),
                false);
    }

    private static RegistryClient registry(ImageReference image) {
        return new RegistryClient(image, Optional.empty(), Optional.empty());
    }
}
