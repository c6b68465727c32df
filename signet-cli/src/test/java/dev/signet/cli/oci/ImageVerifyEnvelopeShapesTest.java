package dev.signet.cli.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.cli.CliRunner;
import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.format.notation.Envelopes;
import dev.signet.core.format.notation.NotaryPayload;
import dev.signet.core.format.notation.NotationJwsFormat;
import dev.signet.core.format.notation.OciDescriptor;
import dev.signet.core.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet verify --image} on an image carrying one signature of every envelope shape Signet
 * has issued (the first one, already in registries, without the plugin header; the AWS-plugin one;
 * the portable one) and one shape it never issues (naming a plugin Signet cannot stand in for),
 * against a real registry (Debian docker-registry).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageVerifyEnvelopeShapesTest {
    static final String PLUGIN = "io.cncf.notary.verificationPlugin";
    static final String JOB =
            "arn:aws:signer:us-east-1:000000000000:/signing-jobs/0f2b6a6e-1111-2222-3333-444455556666";

    @TempDir
    static Path dir;

    private DockerRegistry registry;
    private RegistryClient client;
    private OciDescriptor image;
    private String reference;
    private SigningKey key;
    private final Map<String, String> manifests = new LinkedHashMap<>();

    @BeforeAll
    void start() throws Exception {
        Files.createDirectories(dir.resolve("registry"));
        registry = DockerRegistry.start(dir.resolve("registry"));
        client = new RegistryClient(
                ImageReference.parse("http://" + registry.host() + "/demo/shapes@sha256:" + "0".repeat(64), false),
                Optional.empty(),
                Optional.empty());
        image = TestImages.push(client, "v1");
        reference = "http://" + registry.host() + "/demo/shapes@" + image.digest();
        TestPki pki = new TestPki(dir.resolve("pki"));
        Instant now = Instant.now();
        key = pki.signingKey(KeyAlgorithm.ECDSA_P384, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
        Files.writeString(dir.resolve("root.pem"), Pem.encode(pki.root()));
        byte[] plugin = sign(Map.of());
        NotarySignatureStore store = new NotarySignatureStore(client);
        push(store, "first", Envelopes.resign(plugin, key, h -> Envelopes.drop(h, PLUGIN)));
        push(store, "plugin", plugin);
        push(store, "portable", sign(Map.of("signet:envelope", "portable")));
        push(store, "other plugin", Envelopes.resign(plugin, key, (Consumer<ObjectNode>)
                h -> h.put(PLUGIN, "com.example.notation.plugin")));
    }

    private byte[] sign(Map<String, String> parameters) throws Exception {
        Instant signedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new NotationJwsFormat()
                .sign(
                        new SignRequest(
                                new Subject.Payload(NotaryPayload.MEDIA_TYPE, new NotaryPayload(image).toJson()),
                                key,
                                new SignatureMetadata(
                                                signedAt,
                                                signedAt.plus(Duration.ofDays(7)),
                                                TestPki.ARN,
                                                Optional.of(JOB))
                                        .withSigningParameters(parameters)),
                        out);
        return out.toByteArray();
    }

    private void push(NotarySignatureStore store, String shape, byte[] envelope) {
        manifests.put(shape, store.push(image, envelope).manifestDigest());
    }

    @AfterAll
    void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void everyIssuedShapeVerifiesAndTheOtherIsMalformed() {
        CliRunner.Result verify =
                new CliRunner(Map.of(), dir).run("verify", "--image", reference, "--trust", "root.pem");

        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("4 Notary signature(s)").contains("VALID: 3 of 4");
        for (String shape : new String[] {"first", "plugin", "portable"}) {
            assertThat(verify.out())
                    .as(shape)
                    .contains("OK signature " + manifests.get(shape) + ": NOTARY_EXPIRY")
                    .doesNotContain("FAIL signature " + manifests.get(shape));
        }
        assertThat(verify.out())
                .contains("FAIL signature " + manifests.get("other plugin") + ": INTEGRITY MALFORMED")
                .contains("com.example.notation.plugin, whose checks Signet cannot perform");
    }
}
