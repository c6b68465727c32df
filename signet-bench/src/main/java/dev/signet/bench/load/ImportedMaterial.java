package dev.signet.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.bench.Commands;
import dev.signet.bench.TempDirs;
import dev.signet.cli.client.ClientSettings;
import dev.signet.cli.client.NativeApiClient;
import dev.signet.core.sigv4.AccessKey;
import dev.signet.server.service.principals.IssuedAccessKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Customer signing material for the IoT platforms, which sign only with imported certificates (as on
 * AWS): an ECDSA P-256 leaf with the code-signing extended key usage under a new self-signed root,
 * both made with openssl, imported through {@code POST /v1/certificates}. A missing openssl or a
 * refused import is an error.
 */
final class ImportedMaterial {
    private static final Duration STEP = Duration.ofSeconds(60);

    private ImportedMaterial() {}

    /** An absolute path: the commands run in the bench's working directory, not in {@code dir}. */
    private static String file(Path dir, String name) {
        return dir.resolve(name).toAbsolutePath().toString();
    }

    /** Imports a new P-256 certificate and key; returns the certificateArn a profile names. */
    static String importEcdsaP256(URI endpoint, IssuedAccessKey key) {
        Path dir = TempDirs.create("signet-load-material-");
        try {
            Commands openssl = new Commands(dir, Map.of());
            openssl.ok(
                    STEP,
                    List.of(
                            "openssl",
                            "req",
                            "-x509",
                            "-newkey",
                            "ec",
                            "-pkeyopt",
                            "ec_paramgen_curve:P-256",
                            "-nodes",
                            "-keyout",
                            file(dir, "root.key"),
                            "-out",
                            file(dir, "root.pem"),
                            "-subj",
                            "/CN=Signet Bench IoT Root",
                            "-days",
                            "30",
                            "-addext",
                            "basicConstraints=critical,CA:TRUE",
                            "-addext",
                            "keyUsage=critical,keyCertSign"));
            Files.writeString(
                    dir.resolve("leaf.ext"), "keyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n");
            openssl.ok(
                    STEP,
                    List.of(
                            "openssl",
                            "genpkey",
                            "-algorithm",
                            "EC",
                            "-pkeyopt",
                            "ec_paramgen_curve:P-256",
                            "-out",
                            file(dir, "leaf.key")));
            openssl.ok(
                    STEP,
                    List.of(
                            "openssl",
                            "req",
                            "-new",
                            "-key",
                            file(dir, "leaf.key"),
                            "-subj",
                            "/CN=signet-bench-iot",
                            "-out",
                            file(dir, "leaf.csr")));
            openssl.ok(
                    STEP,
                    List.of(
                            "openssl",
                            "x509",
                            "-req",
                            "-in",
                            file(dir, "leaf.csr"),
                            "-CA",
                            file(dir, "root.pem"),
                            "-CAkey",
                            file(dir, "root.key"),
                            "-CAcreateserial",
                            "-days",
                            "10",
                            "-extfile",
                            file(dir, "leaf.ext"),
                            "-out",
                            file(dir, "leaf.pem")));
            Map<String, String> body = new LinkedHashMap<>();
            body.put("certificate", Files.readString(dir.resolve("leaf.pem")));
            body.put("privateKey", Files.readString(dir.resolve("leaf.key")));
            body.put("certificateChain", Files.readString(dir.resolve("root.pem")));
            JsonNode response = new NativeApiClient(new ClientSettings(
                            endpoint, "us-east-1", new AccessKey(key.accessKeyId(), key.secretAccessKey()), dir))
                    .post("/v1/certificates", body);
            String arn = response.path("certificateArn").asText("");
            if (arn.isEmpty()) {
                throw new IllegalStateException("the certificate import returned no certificateArn: " + response);
            }
            return arn;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TempDirs.delete(dir);
        }
    }
}
