package dev.signet.server.http.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.testing.Tools;
import dev.signet.server.http.NativeCalls;
import dev.signet.server.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.SigningStatus;
import software.amazon.awssdk.services.signer.model.ValidityType;

/**
 * One Signet server for the enforcement matrix, with every service a deployment serves, SDK clients,
 * and the steps the fixtures take: profiles with the shortest validity (one day), certificate
 * import through POST /v1/certificates, signing jobs over objects in a versioned bucket, and
 * reading the signed trust bundle.
 */
final class MatrixServer implements AutoCloseable {
    static final String SOURCES = "sources";
    static final String SIGNED = "signed";

    final TestServer server;
    final SignerClient signer;
    final S3Client s3;
    final LambdaClient lambda;
    /** Where this server's customer CA (for imported IoT certificates) and its leaves live. */
    final Path pki;

    MatrixServer(Clock clock, Path pki) {
        this.server = TestServer.start(clock);
        this.signer = server.signer();
        this.s3 = server.s3();
        this.lambda = server.lambda();
        this.pki = pki;
        s3.createBucket(b -> b.bucket(SOURCES));
        s3.putBucketVersioning(
                b -> b.bucket(SOURCES).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.createBucket(b -> b.bucket(SIGNED));
        customerRoot();
    }

    /** A profile of {@code platform} whose signatures expire after one day; returns its version ARN. */
    String putProfile(String name, String platform, String certificateArn) {
        return signer.putSigningProfile(b -> {
                    b.profileName(name)
                            .platformId(platform)
                            .signatureValidityPeriod(v -> v.value(1).type(ValidityType.DAYS));
                    if (certificateArn != null) {
                        b.signingMaterial(m -> m.certificateArn(certificateArn));
                    }
                })
                .profileVersionArn();
    }

    /** Uploads {@code artifact} and starts a job signing that version; returns the job id. */
    String startJob(String profile, Path artifact) {
        String key = artifact.getFileName().toString();
        String version = s3.putObject(b -> b.bucket(SOURCES).key(key), RequestBody.fromFile(artifact))
                .versionId();
        return signer.startSigningJob(b -> b.profileName(profile)
                        .clientRequestToken(UUID.randomUUID().toString())
                        .source(s -> s.s3(o -> o.bucketName(SOURCES).key(key).version(version)))
                        .destination(d -> d.s3(o -> o.bucketName(SIGNED).prefix("out/"))))
                .jobId();
    }

    /** Waits for a job (at most 120 s) and returns its signed object. */
    byte[] awaitSigned(String jobId) {
        for (int i = 0; i < 1200; i++) {
            DescribeSigningJobResponse job = signer.describeSigningJob(b -> b.jobId(jobId));
            if (job.status() == SigningStatus.SUCCEEDED) {
                return s3.getObjectAsBytes(b ->
                                b.bucket(SIGNED).key(job.signedObject().s3().key()))
                        .asByteArray();
            }
            assertThat(job.status()).as(job.statusReason()).isEqualTo(SigningStatus.IN_PROGRESS);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("job " + jobId + " did not finish");
    }

    /** A self-signed customer root made with openssl, as a device maker would have. */
    private void customerRoot() {
        try {
            Files.createDirectories(pki);
            Files.writeString(
                    pki.resolve("leaf.ext"), "keyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Tools.ok(
                pki,
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "root.key",
                "-out",
                "root.pem",
                "-subj",
                "/CN=Matrix Device Maker Root",
                "-days",
                "30",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign");
    }

    /**
     * A code-signing leaf of the customer root valid for one day (so it expires like the profiles'
     * signatures), imported through POST /v1/certificates; returns the certificate ARN.
     */
    String importLeaf(String name, boolean rsa) throws IOException, InterruptedException {
        Tools.ok(
                pki,
                "openssl",
                "genpkey",
                "-algorithm",
                rsa ? "RSA" : "EC",
                "-pkeyopt",
                rsa ? "rsa_keygen_bits:2048" : "ec_paramgen_curve:P-256",
                "-out",
                name + ".key");
        Tools.ok(pki, "openssl", "req", "-new", "-key", name + ".key", "-subj", "/CN=" + name, "-out", name + ".csr");
        Tools.ok(
                pki,
                "openssl",
                "x509",
                "-req",
                "-in",
                name + ".csr",
                "-CA",
                "root.pem",
                "-CAkey",
                "root.key",
                "-CAcreateserial",
                "-days",
                "1",
                "-extfile",
                "leaf.ext",
                "-out",
                name + ".pem");
        Map<String, String> body = new LinkedHashMap<>();
        body.put("certificate", Files.readString(pki.resolve(name + ".pem")));
        body.put("privateKey", Files.readString(pki.resolve(name + ".key")));
        body.put("certificateChain", Files.readString(pki.resolve("root.pem")));
        return NativeCalls.ok(NativeCalls.post(server, "/v1/certificates", body))
                .get("certificateArn")
                .asText();
    }

    /** GET /v1/trust-bundle, as {@code signet trust-bundle export} fetches it. */
    byte[] trustBundle() throws IOException, InterruptedException {
        HttpResponse<String> response = NativeCalls.get(server, "/v1/trust-bundle");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        signer.close();
        s3.close();
        lambda.close();
        server.close();
    }
}
