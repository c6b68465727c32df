package dev.signet.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.testing.ServerProcess;
import dev.signet.core.sigv4.AccessKey;
import dev.signet.core.sigv4.CredentialsFile;
import dev.signet.core.testing.Processes;
import dev.signet.server.http.LoopbackName;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.PutSigningProfileResponse;
import software.amazon.awssdk.services.signer.model.SignPayloadResponse;

/**
 * GetRevocationStatus with default clients, host prefix injection on, against the endpoint a real
 * {@code signet server} (the shaded jar) announces: on a machine where {@code *.localhost} resolves
 * to loopback (bin/test installs Debian's libnss-myhostname) that is {@code http://signet.localhost:PORT},
 * and the Java SDK (which sends to {@code verification.signet.localhost}) and the AWS CLI v1 (to
 * {@code data-signet.localhost}) both get their answer. Against {@code 127.0.0.1}, the documented
 * settings that turn the prefix off work (environment variable and config file, CLI v1). The AWS CLI
 * v2 of Debian bookworm (2.9.19, {@code /usr/bin/aws}) has no GetRevocationStatus; it lists the
 * revoked profile through the same endpoint. (The prefixed call at {@code 127.0.0.1} is not made: it
 * would send a DNS query for {@code data-127.0.0.1} off the machine.) Fails, never skips, when a tool or the name resolution
 * is missing.
 */
class RevocationStatusOutOfTheBoxIT {
    private static final String CMS = "Signet-CMS-SHA256-ECDSA";
    private static final String DIGEST_FORMAT = "application/vnd.signet.digest+sha256";
    private static final Duration CALL = Duration.ofSeconds(120);
    private static final String AWS_CLI_V2 = "/usr/bin/aws";

    @TempDir
    static Path dir;

    static ServerProcess server;
    static URI endpoint;
    static SignerClient signer;
    static final Set<String> hostsSent = ConcurrentHashMap.newKeySet();

    static String versionArn;
    static String revokedJob;
    static String keptJob;

    @BeforeAll
    static void start() throws Exception {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("signet.jar"),
                "server",
                "--port",
                "0",
                "--data",
                "data");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("SIGNET_HOME"));
        server = ServerProcess.start(pb);
        endpoint = server.endpoint();
        AccessKey key = CredentialsFile.read(dir.resolve("data/credentials"))
                .flatMap(f -> f.accessKey(CredentialsFile.BOOTSTRAP_PROFILE))
                .orElseThrow();
        signer = SignerClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(key.id(), key.secret())))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        hostsSent.add(context.httpRequest().host());
                    }
                }))
                .build();

        PutSigningProfileResponse profile =
                signer.putSigningProfile(b -> b.profileName("oob_profile").platformId(CMS));
        versionArn = profile.profileVersionArn();
        revokedJob = sign("oob_profile").jobId();
        keptJob = sign("oob_profile").jobId();
        signer.revokeSignature(b -> b.jobId(revokedJob).reason("superseded"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (signer != null) {
            signer.close();
        }
        if (server != null) {
            server.stop();
            server.close();
        }
    }

    private static SignPayloadResponse sign(String profile) {
        return signer.signPayload(b -> b.profileName(profile)
                .payload(SdkBytes.fromByteArray(new byte[32]))
                .payloadFormat(DIGEST_FORMAT));
    }

    private static String jobArn(String jobId) {
        return "arn:aws:signer:us-east-1:000000000000:/signing-jobs/" + jobId;
    }

    @Test
    void theServerAnnouncesALoopbackNameThatTakesPrefixes() throws Exception {
        assertThat(endpoint.getHost())
                .as("*.localhost must resolve to loopback here (bin/test installs libnss-myhostname)")
                .isEqualTo(LoopbackName.NAME);
        assertThat(Files.readString(dir.resolve("data/endpoint")).strip()).isEqualTo(endpoint.toString());
    }

    @Test
    void theJavaSdkWithHostPrefixInjectionOn() {
        for (String job : List.of(revokedJob, keptJob)) {
            List<String> revoked = signer.getRevocationStatus(b -> b.signatureTimestamp(Instant.now())
                            .platformId(CMS)
                            .profileVersionArn(versionArn)
                            .jobArn(jobArn(job))
                            .certificateHashes("00"))
                    .revokedEntities();
            assertThat(revoked).isEqualTo(job.equals(revokedJob) ? List.of(jobArn(revokedJob)) : List.of());
        }
        assertThat(hostsSent).contains("verification." + endpoint.getHost());
    }

    @Test
    void theAwsCliV1WithItsDefaults() {
        assertThat(aws("aws", endpoint, Map.of(), "--version").output()).startsWith("aws-cli/1.");

        List<String> args = new ArrayList<>(List.of("--debug"));
        args.addAll(revocationArgs());
        Processes.Result r = aws("aws", endpoint, Map.of(), args);

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("http://data-" + endpoint.getAuthority() + "/revocations", jobArn(revokedJob));
    }

    /** At 127.0.0.1 the prefix must be turned off: the environment variable or the config file setting. */
    @Test
    void theAwsCliV1AtTheLoopbackAddressWithThePrefixTurnedOff() throws Exception {
        URI loopback = URI.create("http://127.0.0.1:" + endpoint.getPort());
        Processes.Result env =
                aws("aws", loopback, Map.of("AWS_DISABLE_HOST_PREFIX_INJECTION", "true"), revocationArgs());
        assertThat(env.exitCode()).as(env.output()).isZero();
        assertThat(env.output()).contains(jobArn(revokedJob));

        Path config = Files.writeString(
                dir.resolve("config-no-prefix"), "[profile signet]\ndisable_host_prefix_injection = true\n");
        Processes.Result file = aws("aws", loopback, Map.of("AWS_CONFIG_FILE", config.toString()), revocationArgs());
        assertThat(file.exitCode()).as(file.output()).isZero();
        assertThat(file.output()).contains(jobArn(revokedJob));
    }

    @Test
    void theAwsCliV2ListsTheRevokedProfileThroughTheSameEndpoint() {
        signer.putSigningProfile(b -> b.profileName("oob_revoked").platformId(CMS));
        String version =
                signer.getSigningProfile(b -> b.profileName("oob_revoked")).profileVersion();
        signer.revokeSigningProfile(b -> b.profileName("oob_revoked")
                .profileVersion(version)
                .reason("key leaked")
                .effectiveTime(Instant.now().minusSeconds(60)));

        Processes.Result r = aws(
                AWS_CLI_V2,
                endpoint,
                Map.of(),
                "signer",
                "list-signing-profiles",
                "--query",
                "profiles[?profileName=='oob_revoked'].status",
                "--output",
                "text");

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output().strip()).isEqualTo("Revoked");
    }

    private static List<String> revocationArgs() {
        return List.of(
                "signer",
                "get-revocation-status",
                "--signature-timestamp",
                Instant.now().toString(),
                "--platform-id",
                CMS,
                "--profile-version-arn",
                versionArn,
                "--job-arn",
                jobArn(revokedJob),
                "--certificate-hashes",
                "00");
    }

    private static Processes.Result aws(String cli, URI at, Map<String, String> env, String... args) {
        return aws(cli, at, env, List.of(args));
    }

    private static Processes.Result aws(String cli, URI at, Map<String, String> env, List<String> args) {
        List<String> command = new ArrayList<>(List.of(cli, "--endpoint-url", at.toString(), "--region", "us-east-1"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment()
                .put(
                        "AWS_SHARED_CREDENTIALS_FILE",
                        dir.resolve("data/credentials").toString());
        pb.environment().put("AWS_PROFILE", "signet");
        pb.environment().put("AWS_CONFIG_FILE", "/dev/null");
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        pb.environment().putAll(env);
        return Processes.run(pb, CALL);
    }
}
