package dev.signet.cli.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.CliRunner;
import dev.signet.cli.ExitCode;
import dev.signet.server.testing.MutableClock;
import dev.signet.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The CLI with temporary credentials against a real server (in process, free port) whose STS issues
 * them: an IAM user and role created through the IAM API with the SDK, sessions from STS
 * GetSessionToken and AssumeRole in {@code AWS_SESSION_TOKEN}, and AWS profiles with {@code
 * role_arn}/{@code source_profile} in temp AWS config files (the CLI's environment points at them;
 * the real {@code ~/.aws} is never read, HOME is the temp directory). Who signed is checked on the
 * job record ({@code requestedBy}, the caller's ARN). The service clock is the test's, so expiry
 * needs no waiting.
 */
class TemporaryCredentialsTest {
    static final String ACCOUNT = "000000000000";
    static final String PROFILE = "cli_sts";
    static final String ALLOW_ALL = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\","
            + " \"Action\": \"*\", \"Resource\": \"*\"}]}";
    static final MutableClock CLOCK = MutableClock.ofNow();

    @TempDir
    static Path dir;

    static TestServer server;
    static IamClient iam;
    static SignerClient admin;
    static AccessKey ciKey;
    static String ciArn;
    static Path artifact;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(CLOCK);
        iam = IamClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(server.credentialsProvider())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        admin = server.signer();
        ciArn = iam.createUser(r -> r.userName("ci")).user().arn();
        iam.putUserPolicy(r -> r.userName("ci").policyName("all").policyDocument(ALLOW_ALL));
        ciKey = iam.createAccessKey(r -> r.userName("ci")).accessKey();
        role("Release", "\"AWS\": \"" + ciArn + "\"");
        role("Chained", "\"AWS\": \"arn:aws:iam::" + ACCOUNT + ":role/Release\"");
        role("Locked", "\"AWS\": \"arn:aws:iam::" + ACCOUNT + ":user/nobody\"");
        CliRunner.Result put = cli(Map.of("SIGNET_HOME", server.dataDir().toString()))
                .run("profile", "put", PROFILE, "--platform", "Signet-CMS-SHA256-ECDSA", "--endpoint", endpoint());
        assertThat(put.exitCode()).as(put.err()).isZero();
        artifact = dir.resolve("app.bin");
        Files.writeString(artifact, "an artifact to sign\n");
    }

    @AfterAll
    static void stop() {
        admin.close();
        iam.close();
        server.close();
    }

    static void role(String name, String principal) {
        iam.createRole(r -> r.roleName(name)
                .assumeRolePolicyDocument("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\","
                        + " \"Principal\": {" + principal + "}, \"Action\": \"sts:AssumeRole\"}]}"));
        iam.putRolePolicy(r -> r.roleName(name).policyName("all").policyDocument(ALLOW_ALL));
    }

    static String endpoint() {
        return server.endpoint().toString();
    }

    static String roleArn(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
    }

    /** A CLI whose HOME and data directory hold nothing: only what {@code env} says counts. */
    static CliRunner cli(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("HOME", dir.resolve("home").toString());
        all.putIfAbsent("SIGNET_HOME", dir.resolve("no-data").toString());
        return new CliRunner(all, dir);
    }

    static StsClient sts(AwsCredentialsProvider credentials) {
        return StsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static AwsCredentialsProvider ci() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(ciKey.accessKeyId(), ciKey.secretAccessKey()));
    }

    static Map<String, String> sessionEnv(Credentials session) {
        return Map.of(
                "AWS_ACCESS_KEY_ID", session.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", session.secretAccessKey(),
                "AWS_SESSION_TOKEN", session.sessionToken());
    }

    static CliRunner.Result run(CliRunner cli, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--endpoint");
        all.add(endpoint());
        return cli.run(all.toArray(String[]::new));
    }

    /** Signs the artifact and returns who the server recorded as the job's requester. */
    static String signedBy(CliRunner cli) {
        CliRunner.Result sign = run(cli, "sign", "--profile", PROFILE, artifact.toString());
        assertThat(sign.exitCode()).as(sign.err()).isZero();
        String job = sign.out()
                .lines()
                .filter(l -> l.startsWith("job "))
                .findFirst()
                .orElseThrow()
                .substring(4);
        return admin.describeSigningJob(r -> r.jobId(job)).requestedBy();
    }

    /** Writes the AWS config and shared credentials files; returns the environment naming them. */
    static Map<String, String> awsFiles(String name, String config, String credentials) throws Exception {
        Path configFile = dir.resolve(name + ".config");
        Path credentialsFile = dir.resolve(name + ".credentials");
        Files.writeString(configFile, config);
        Files.writeString(credentialsFile, credentials);
        return Map.of(
                "AWS_CONFIG_FILE", configFile.toString(), "AWS_SHARED_CREDENTIALS_FILE", credentialsFile.toString());
    }

    String ciCredentials() {
        return "[ci]\naws_access_key_id = " + ciKey.accessKeyId() + "\naws_secret_access_key = "
                + ciKey.secretAccessKey() + "\n";
    }

    @Test
    void aGetSessionTokenSessionInTheEnvironmentSignsListsProfilesAndCallsTheNativeApi() {
        Credentials session;
        try (StsClient sts = sts(ci())) {
            session = sts.getSessionToken().credentials();
        }
        CliRunner cli = cli(sessionEnv(session));

        assertThat(signedBy(cli)).isEqualTo(ciArn);
        CliRunner.Result list = run(cli, "profile", "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains(PROFILE);
        CliRunner.Result bundle = run(cli, "trust-bundle", "export", "--out", "-");
        assertThat(bundle.exitCode()).as(bundle.err()).isZero();
        assertThat(bundle.out()).isNotEmpty();
    }

    @Test
    void anAssumeRoleSessionInTheEnvironmentSignsAsTheAssumedRole() {
        Credentials session;
        try (StsClient sts = sts(ci())) {
            session = sts.assumeRole(r -> r.roleArn(roleArn("Release")).roleSessionName("env-session"))
                    .credentials();
        }

        assertThat(signedBy(cli(sessionEnv(session))))
                .isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/Release/env-session");
    }

    @Test
    void aRoleProfileAssumesItsRoleWithTheSourceProfilesKeys() throws Exception {
        Map<String, String> files = awsFiles(
                "role",
                "[profile release]\nrole_arn = " + roleArn("Release") + "\nsource_profile = ci\n"
                        + "role_session_name = cli-test\nduration_seconds = 900\n\n"
                        + "[profile chained]\nrole_arn = " + roleArn("Chained") + "\nsource_profile = release\n",
                ciCredentials());
        String released = "arn:aws:sts::" + ACCOUNT + ":assumed-role/Release/cli-test";

        assertThat(signedBy(cli(with(files, "AWS_PROFILE", "release")))).isEqualTo(released);
        // --aws-profile wins over keys in the environment, as the AWS CLI's --profile does
        Map<String, String> withKeys = with(files, "AWS_ACCESS_KEY_ID", "AKIAIGNOREDIGNORED12");
        withKeys.put("AWS_SECRET_ACCESS_KEY", "ignored");
        List<String> args = List.of("--aws-profile", "release");
        CliRunner.Result sign =
                run(cli(withKeys), "sign", "--profile", PROFILE, artifact.toString(), args.get(0), args.get(1));
        assertThat(sign.exitCode()).as(sign.err()).isZero();
        // a chain: chained's source is release, itself a role profile
        assertThat(signedBy(cli(with(files, "AWS_PROFILE", "chained"))))
                .startsWith("arn:aws:sts::" + ACCOUNT + ":assumed-role/Chained/signet-cli-");
        // the source profile's own keys sign as the user
        assertThat(signedBy(cli(with(files, "AWS_PROFILE", "ci")))).isEqualTo(ciArn);
    }

    @Test
    void aRefusedAssumeRoleReportsTheServersMessage() throws Exception {
        Map<String, String> files = awsFiles(
                "locked",
                "[profile locked]\nrole_arn = " + roleArn("Locked") + "\nsource_profile = ci\n",
                ciCredentials());

        CliRunner.Result sign =
                run(cli(files), "--aws-profile", "locked", "sign", "--profile", PROFILE, artifact.toString());

        assertThat(sign.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(sign.err())
                .startsWith("signet: AssumeRole of " + roleArn("Locked") + " for profile 'locked' failed: AccessDenied:"
                        + " User: " + ciArn + " is not authorized to perform: sts:AssumeRole on resource: "
                        + roleArn("Locked"));
        assertThat(sign.err().lines()).hasSize(1);
    }

    @Test
    void aWrongOrMissingSessionTokenIsRefusedClearly() {
        Credentials session;
        try (StsClient sts = sts(ci())) {
            session = sts.getSessionToken().credentials();
        }
        Map<String, String> wrong = new HashMap<>(sessionEnv(session));
        wrong.put("AWS_SESSION_TOKEN", "not-the-token");
        CliRunner.Result withWrong = run(cli(wrong), "sign", "--profile", PROFILE, artifact.toString());
        assertThat(withWrong.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(withWrong.err())
                .isEqualTo("signet: UnrecognizedClientException: The security token included in the request is"
                        + " invalid. (check the credentials: " + EnvironmentCredentials.SOURCE + ")\n");

        Map<String, String> missing = new HashMap<>(sessionEnv(session));
        missing.remove("AWS_SESSION_TOKEN");
        CliRunner.Result withoutToken = run(cli(missing), "profile", "list");
        assertThat(withoutToken.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(withoutToken.err())
                .contains("the access key " + session.accessKeyId() + " of " + EnvironmentCredentials.SOURCE
                        + " is temporary: it needs its session token");
    }

    @Test
    void anExpiredSessionIsOneLineSayingWhenItExpired() {
        Credentials session;
        try (StsClient sts = sts(ci())) {
            session = sts.getSessionToken(r -> r.durationSeconds(900)).credentials();
        }
        CLOCK.advance(Duration.ofMinutes(16));
        Map<String, String> env = new HashMap<>(sessionEnv(session));

        CliRunner.Result signer = run(cli(env), "sign", "--profile", PROFILE, artifact.toString());
        assertThat(signer.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(signer.err())
                .isEqualTo("signet: the session token has expired; renew it (credentials from "
                        + EnvironmentCredentials.SOURCE + "; the server said ExpiredTokenException)\n");

        env.put("AWS_CREDENTIAL_EXPIRATION", session.expiration().toString());
        CliRunner.Result nativeApi = run(cli(env), "trust-bundle", "export", "--out", "-");
        assertThat(nativeApi.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(nativeApi.err())
                .startsWith("signet: the session token expired at " + session.expiration() + "; renew it");
    }

    @Test
    void aCycleOfSourceProfilesIsRefused() throws Exception {
        Map<String, String> files = awsFiles(
                "cycle",
                "[profile a]\nrole_arn = " + roleArn("Release") + "\nsource_profile = b\n" + "[profile b]\nrole_arn = "
                        + roleArn("Release") + "\nsource_profile = a\n",
                "");

        CliRunner.Result sign = run(cli(with(files, "AWS_PROFILE", "a")), "profile", "list");

        assertThat(sign.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(sign.err())
                .startsWith("signet: the source_profile settings form a cycle: a -> b -> a (in "
                        + files.get("AWS_CONFIG_FILE"));
    }

    @Test
    void aMalformedConfigFileIsRefusedNamingTheFileAndLine() throws Exception {
        Map<String, String> files = awsFiles(
                "malformed",
                "[profile release]\nrole_arn = " + roleArn("Release") + "\nsource_profile\n",
                ciCredentials());

        CliRunner.Result sign = run(cli(files), "--aws-profile", "release", "profile", "list");

        assertThat(sign.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(sign.err())
                .isEqualTo("signet: malformed AWS config file " + files.get("AWS_CONFIG_FILE")
                        + " line 3: expected name = value\n");
    }

    static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> all = new HashMap<>(env);
        all.put(name, value);
        return all;
    }
}
