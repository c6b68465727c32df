package dev.signet.cli.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.cli.CliRunner;
import dev.signet.cli.server.ServerServices;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet sign --image} and {@code signet verify --image} through the picocli commands against
 * the real server and a real registry (Debian docker-registry 2.8, which has no referrers API: the
 * referrers tag schema is exercised).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImageSignVerifyRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private SignetServer server;
    private DockerRegistry registry;
    private CliRunner cli;
    private RegistryClient client;
    private String imageDigest;
    private int imageSize;
    private String image;

    @BeforeAll
    void start() throws Exception {
        Path data = dir.resolve("data");
        server = SignetServer.start(new ServerConfig("127.0.0.1", 0, data), ServerServices.all());
        java.nio.file.Files.createDirectories(dir.resolve("registry"));
        registry = DockerRegistry.start(dir.resolve("registry"));
        cli = new CliRunner(Map.of("SIGNET_HOME", data.toString()), dir);
        client = new RegistryClient(
                ImageReference.parse("http://" + registry.host() + "/demo/app@sha256:" + "0".repeat(64), false),
                Optional.empty(),
                Optional.empty());
        pushTestImage();
        image = "http://" + registry.host() + "/demo/app@" + imageDigest;
    }

    private void pushTestImage() {
        var pushed = TestImages.push(client, "v1");
        imageDigest = pushed.digest();
        imageSize = (int) pushed.size();
    }

    @AfterAll
    void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private CliRunner.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--endpoint");
        all.add(server.endpoint().toString());
        return cli.run(all.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void signsTheImageAndStoresTheSignatureAsAReferrer() throws Exception {
        assertThat(run("profile", "put", "oci", "--platform", "Notation-OCI-SHA384-ECDSA")
                        .exitCode())
                .isZero();
        CliRunner.Result sign = run("sign", "--image", image, "--profile", "oci");
        assertThat(sign.exitCode()).as(sign.err()).isZero();
        assertThat(sign.out()).contains("listed in referrers tag sha256-" + imageDigest.substring(7));

        JsonNode index = JSON.readTree(client.manifest("sha256-" + imageDigest.substring(7))
                .orElseThrow()
                .bytes());
        assertThat(index.get("mediaType").textValue()).isEqualTo(RegistryClient.OCI_INDEX);
        assertThat(index.get("manifests")).hasSize(1);
        JsonNode entry = index.get("manifests").get(0);
        assertThat(entry.get("artifactType").textValue()).isEqualTo("application/vnd.cncf.notary.signature");

        JsonNode manifest = JSON.readTree(
                client.manifest(entry.get("digest").textValue()).orElseThrow().bytes());
        assertThat(manifest.get("artifactType").textValue()).isEqualTo("application/vnd.cncf.notary.signature");
        assertThat(manifest.get("config").get("mediaType").textValue()).isEqualTo("application/vnd.oci.empty.v1+json");
        assertThat(manifest.get("config").get("digest").textValue())
                .isEqualTo("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
        assertThat(manifest.get("layers")).hasSize(1);
        assertThat(manifest.get("layers").get(0).get("mediaType").textValue()).isEqualTo("application/jose+json");
        assertThat(manifest.get("subject").get("digest").textValue()).isEqualTo(imageDigest);
        assertThat(manifest.get("subject").get("size").asInt()).isEqualTo(imageSize);
        assertThat(manifest.get("subject").get("mediaType").textValue())
                .isEqualTo("application/vnd.oci.image.manifest.v1+json");
    }

    @Test
    @Order(2)
    void verifyFindsAndVerifiesTheSignature() {
        assertThat(run("ca", "export", "--out", "root.pem").exitCode()).isZero();
        CliRunner.Result verify = cli.run("verify", "--image", image, "--trust", "root.pem");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out())
                .contains("1 Notary signature(s)")
                .contains("OK signature")
                .contains("VALID: 1 of 1");
    }

    @Test
    @Order(3)
    void aTamperedEnvelopeInTheRegistryFailsVerification() throws Exception {
        String tag = "sha256-" + imageDigest.substring(7);
        ObjectNode index =
                (ObjectNode) JSON.readTree(client.manifest(tag).orElseThrow().bytes());
        String good = index.get("manifests").get(0).get("digest").textValue();
        ObjectNode manifest =
                (ObjectNode) JSON.readTree(client.manifest(good).orElseThrow().bytes());
        byte[] envelope =
                client.blob(manifest.get("layers").get(0).get("digest").textValue(), 1 << 20);
        ObjectNode env = (ObjectNode) JSON.readTree(envelope);
        String sig = env.get("signature").textValue();
        String flipped = sig.charAt(10) == 'A' ? "B" : "A";
        env.put("signature", sig.substring(0, 10) + flipped + sig.substring(11));
        byte[] tampered = JSON.writeValueAsBytes(env);
        String layerDigest = client.putBlob(tampered);
        ObjectNode layer = (ObjectNode) manifest.get("layers").get(0);
        layer.put("digest", layerDigest);
        layer.put("size", tampered.length);
        byte[] badManifest = JSON.writeValueAsBytes(manifest);
        String bad = RegistryClient.sha256(badManifest);
        client.putManifest(bad, RegistryClient.OCI_MANIFEST, badManifest);
        ObjectNode badEntry = ((ObjectNode) index.get("manifests").get(0)).deepCopy();
        badEntry.put("digest", bad);
        badEntry.put("size", badManifest.length);

        ((ArrayNode) index.get("manifests")).add(badEntry);
        client.putManifest(tag, RegistryClient.OCI_INDEX, JSON.writeValueAsBytes(index));
        CliRunner.Result both = cli.run("verify", "--image", image, "--trust", "root.pem");
        assertThat(both.exitCode()).as(both.out()).isZero();
        assertThat(both.out()).contains("FAIL signature " + bad).contains("VALID: 1 of 2");

        ((ArrayNode) index.get("manifests")).remove(0);
        client.putManifest(tag, RegistryClient.OCI_INDEX, JSON.writeValueAsBytes(index));
        CliRunner.Result onlyBad = cli.run("verify", "--image", image, "--trust", "root.pem");
        assertThat(onlyBad.exitCode()).as(onlyBad.out()).isEqualTo(1);
        assertThat(onlyBad.out())
                .contains("FAIL signature " + bad + ": INTEGRITY")
                .contains("INVALID");
    }

    @Test
    @Order(4)
    void tagsUnknownImagesAndRemoteHttpAreRefused() {
        assertThat(run("sign", "--image", "http://" + registry.host() + "/demo/app:v1", "--profile", "oci")
                        .exitCode())
                .isEqualTo(2);
        assertThat(run("sign", "--image", "http://registry.example/demo/app@" + imageDigest, "--profile", "oci")
                        .exitCode())
                .isEqualTo(2);
        assertThat(cli.run(
                                "verify",
                                "--image",
                                "http://" + registry.host() + "/demo/app@sha256:" + "1".repeat(64),
                                "--trust",
                                "root.pem")
                        .exitCode())
                .isEqualTo(4);
        CliRunner.Result cms = run("profile", "put", "cms", "--platform", "Signet-CMS-SHA256-ECDSA");
        assertThat(cms.exitCode()).isZero();
        assertThat(run("sign", "--image", image, "--profile", "cms").exitCode()).isEqualTo(2);
    }
}
