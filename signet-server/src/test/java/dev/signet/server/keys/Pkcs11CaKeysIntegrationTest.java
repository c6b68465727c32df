package dev.signet.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.SoftHsm;
import dev.signet.core.testing.Tools;
import dev.signet.server.KeySettings;
import dev.signet.server.SignetServerException;
import dev.signet.server.service.OpensslCms;
import dev.signet.server.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * A server whose CA and TSA keys are made on a SoftHSM2 token ({@code keys.new-ca-keys: pkcs11}):
 * the root, issuing and TSA keys are on the token, sensitive and never extractable; the CMS it signs
 * passes {@code openssl cms -verify} and its time-stamp tokens {@code openssl ts -verify}; a renewed
 * issuing CA's and a renewed TSA's keys go to the token too; a restart opens the CA; a backup lists
 * the token keys in its manifest; a node without the token refuses to start, naming the backend.
 */
class Pkcs11CaKeysIntegrationTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;

    @Test
    void theCaAndTsaKeysLiveOnTheTokenAndWhatTheySignVerifies() throws Exception {
        SoftHsm hsm = SoftHsm.create(dir.resolve("hsm"), "signet-ca");
        Path pinFile = Files.writeString(dir.resolve("pin"), SoftHsm.PIN + "\n");
        KeySettings keys = new KeySettings(
                Optional.of(hsm.settings(4)), Optional.of(pinFile), Optional.empty(), "software", "pkcs11");
        Path data = Files.createDirectories(dir.resolve("data"));
        Path artifact = Files.writeString(dir.resolve("app.txt"), "release 3\n".repeat(500));
        try (TestServer server = TestServer.node(data, c -> c.withKeys(keys));
                SignerClient signer = server.signer()) {
            assertThat(Pkcs11Tool.privateKeys(hsm))
                    .as("root, issuing CA and TSA keys")
                    .isEqualTo(3);
            assertThat(Pkcs11Tool.neverExtractablePrivateKeys(hsm)).isEqualTo(3);
            assertThat(Files.readString(data.resolve("ca").resolve("ca.properties")))
                    .contains("root.backend=pkcs11")
                    .contains("issuing.backend=pkcs11");
            assertThat(Files.readString(data.resolve("tsa").resolve("tsa.properties")))
                    .contains("backend=pkcs11");

            Path root = data.resolve("ca").resolve("root.pem");
            byte[] signature = putAndSign(signer, "soft_profile", artifact);
            Processes.Result verified = OpensslCms.verify(artifact, signature, root);
            assertThat(verified.ok()).as(verified.output()).isTrue();
            timestampVerifies(server, root, "tsa-1");

            server.assembly().ca().renewIssuing(Instant.now());
            assertThat(Pkcs11Tool.privateKeys(hsm))
                    .as("the renewed issuing CA's key")
                    .isEqualTo(4);
            assertThat(Pkcs11Tool.neverExtractablePrivateKeys(hsm)).isEqualTo(4);
            byte[] renewed = putAndSign(signer, "after_renewal", artifact);
            assertThat(OpensslCms.verify(artifact, renewed, root).ok()).isTrue();

            // a TSA renewal's key goes to the token too; its tokens verify
            server.assembly().timestampAuthority().renew(Instant.now());
            assertThat(Pkcs11Tool.privateKeys(hsm)).as("the renewed TSA's key").isEqualTo(5);
            assertThat(Pkcs11Tool.neverExtractablePrivateKeys(hsm)).isEqualTo(5);
            assertThat(Files.readString(data.resolve("tsa").resolve("tsa.properties")))
                    .contains("backend=pkcs11")
                    .contains("generation=2");
            assertThat(server.assembly().timestampAuthority().chain().get(1))
                    .isEqualTo(server.assembly().ca().issuing());
            timestampVerifies(server, root, "tsa-2");
        }

        try (TestServer server = TestServer.node(data, c -> c.withKeys(keys));
                SignerClient signer = server.signer()) {
            assertThat(server.assembly().ca().issuingCas()).hasSize(2);
            byte[] again = putAndSign(signer, "after_restart", artifact);
            assertThat(OpensslCms.verify(artifact, again, data.resolve("ca").resolve("root.pem"))
                            .ok())
                    .isTrue();
        }

        // a backup lists the CA's and the TSA's token keys as references, like profile keys
        var backup = dev.signet.server.SignetServer.backup(
                new dev.signet.server.ServerConfig("127.0.0.1", 0, data).withKeys(keys),
                dir.resolve("node.backup"),
                "a passphrase of some length".toCharArray());
        assertThat(backup.externalKeys())
                .as("root, issuing CA 1 and 2, the current TSA key")
                .hasSize(4)
                .allMatch(k -> k.startsWith("pkcs11:token=signet-ca;object="));

        // the same CA on a node without the token: refused, naming the backend, nothing opened half-way
        assertThatThrownBy(() -> TestServer.node(data, c -> c))
                .isInstanceOf(SignetServerException.class)
                .hasMessageContaining("pkcs11 key backend")
                .hasMessageContaining("configured");
    }

    private static byte[] putAndSign(SignerClient signer, String profile, Path artifact) throws Exception {
        signer.putSigningProfile(b -> b.profileName(profile).platformId("Signet-CMS-SHA256-ECDSA"));
        byte[] digest = Digests.digest(HashAlgorithm.SHA256, artifact);
        return signer.signPayload(b -> b.profileName(profile)
                        .payload(SdkBytes.fromByteArray(digest))
                        .payloadFormat("application/vnd.signet.digest+sha256"))
                .signature()
                .asByteArray();
    }

    /** A time-stamp token from {@code POST /v1/timestamp}, checked by {@code openssl ts -verify}. */
    private void timestampVerifies(TestServer server, Path root, String name) throws Exception {
        Path data = Files.writeString(dir.resolve(name + ".txt"), "timestamp me");
        Path query = dir.resolve(name + ".tsq");
        Processes.Result q = Tools.run(
                "openssl", "ts", "-query", "-data", data.toString(), "-sha256", "-cert", "-out", query.toString());
        assertThat(q.exitCode()).as(q.output()).isZero();
        HttpResponse<byte[]> reply = HTTP.send(
                HttpRequest.newBuilder(server.endpoint().resolve("/v1/timestamp"))
                        .header("Content-Type", "application/timestamp-query")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(query)))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(reply.statusCode()).isEqualTo(200);
        Path response = Files.write(dir.resolve(name + ".tsr"), reply.body());
        Path untrusted = Files.writeString(
                dir.resolve(name + "-chain.pem"),
                Files.readString(server.dataDir().resolve("tsa").resolve("tsa.pem"))
                        + Files.readString(server.dataDir().resolve("ca").resolve("issuing.pem")));
        Processes.Result v = Tools.run(
                "openssl",
                "ts",
                "-verify",
                "-in",
                response.toString(),
                "-queryfile",
                query.toString(),
                "-CAfile",
                root.toString(),
                "-untrusted",
                untrusted.toString());
        assertThat(v.exitCode()).as(v.output()).isZero();
        assertThat(v.output()).contains("Verification: OK");
    }
}
