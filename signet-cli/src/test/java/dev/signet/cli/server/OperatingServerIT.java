package dev.signet.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.cli.testing.ServerProcess;
import dev.signet.core.sigv4.AccessKey;
import dev.signet.core.sigv4.CredentialsFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.SignPayloadResponse;

/**
 * A real {@code signet server} JVM (the shaded jar, as {@code bin/signet} runs it): its log has one
 * line per request naming the request id the client got, the caller, the operation, the status and
 * the duration, and no secret, signature, session token or presigned query; SIGTERM by PID while a
 * request is still sending its body stops accepting connections, lets that request finish with 200,
 * and ends the process with exit code 0.
 */
class OperatingServerIT {
    private static final String CMS = "Signet-CMS-SHA256-ECDSA";
    private static final String DIGEST = "application/vnd.signet.digest+sha256";
    private static final String SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLEsessionTOKENvalue0123456789";
    private static final Pattern SIGNATURE = Pattern.compile("Signature=([0-9a-f]{64})");
    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<String> signatures = new CopyOnWriteArrayList<>();

    @Test
    void logsEachRequestWithoutSecretsAndStopsGracefullyOnSigterm() throws Exception {
        Path log = dir.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        System.getProperty("signet.jar"),
                        "server",
                        "--port",
                        "0",
                        "--data",
                        "data")
                .directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("SIGNET_HOME"));
        try (ServerProcess server = ServerProcess.start(pb, log)) {
            URI endpoint = server.endpoint();
            int port = endpoint.getPort();
            AccessKey key = CredentialsFile.read(dir.resolve("data/credentials"))
                    .flatMap(f -> f.accessKey(CredentialsFile.BOOTSTRAP_PROFILE))
                    .orElseThrow();
            AwsBasicCredentials credentials = AwsBasicCredentials.create(key.id(), key.secret());

            String signPayloadId;
            try (SignerClient signer = signer(endpoint, credentials)) {
                signer.putSigningProfile(b -> b.profileName("ops_profile").platformId(CMS));
                SignPayloadResponse signed = signer.signPayload(b -> b.profileName("ops_profile")
                        .payload(SdkBytes.fromByteArray(new byte[32]))
                        .payloadFormat(DIGEST));
                signPayloadId = signed.responseMetadata().requestId();
            }
            try (SignerClient wrongSecret =
                    signer(endpoint, AwsBasicCredentials.create(key.id(), "wRoNgSeCrEt0000000000000000000000000000"))) {
                assertThatThrownBy(() -> wrongSecret.listSigningProfiles(b -> {}))
                        .isInstanceOf(SdkException.class);
            }
            try (S3Client s3 = s3(endpoint, credentials)) {
                s3.createBucket(b -> b.bucket("ops-bucket"));
                s3.putObject(b -> b.bucket("ops-bucket").key("a.txt"), RequestBody.fromString("hello"));
            }
            try (S3Client withToken =
                    s3(endpoint, AwsSessionCredentials.create(key.id(), key.secret(), SESSION_TOKEN))) {
                try {
                    withToken.listBuckets();
                } catch (SdkException refused) {
                    // whether Signet accepts a session token is not this test's concern; that it is never logged is
                }
            }
            String presignedSignature;
            try (S3Presigner presigner = presigner(endpoint, credentials)) {
                URL get = presigner
                        .presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                                .getObjectRequest(g -> g.bucket("ops-bucket").key("a.txt")))
                        .url();
                presignedSignature = queryValue(get, "X-Amz-Signature");
                HttpResponse<String> fetched = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(get.toURI())
                                        .timeout(Duration.ofSeconds(30))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(fetched.body()).isEqualTo("hello");

                URL put = presigner
                        .presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                                .putObjectRequest(p -> p.bucket("ops-bucket").key("slow.bin")))
                        .url();
                signatures.add(queryValue(put, "X-Amz-Signature"));
                stopWhileASlowUploadIsInFlight(server, put, port);
            }

            String text = Files.readString(log);
            List<String> requestLines =
                    text.lines().filter(l -> l.contains("RequestLog")).toList();
            assertThat(requestLines)
                    .anyMatch(l -> l.contains("requestId=" + signPayloadId)
                            && l.contains("api=signer")
                            && l.contains("operation=SignPayload")
                            && l.contains("status=200")
                            && l.contains("caller=arn:aws:iam::000000000000:user/admin")
                            && l.contains("accessKeyId=" + key.id())
                            && l.contains("durationMs="))
                    // refused before routing: the API is known, the operation not
                    .anyMatch(l -> l.contains("api=signer")
                            && l.contains("operation=unknown")
                            && l.contains("status=403")
                            && l.contains("caller=-")
                            && l.contains("accessKeyId=" + key.id())
                            && l.contains("errorCode=InvalidSignatureException"))
                    .anyMatch(
                            l -> l.contains("api=s3") && l.contains("operation=GetObject") && l.contains("status=200"))
                    .anyMatch(l -> l.contains("api=s3")
                            && l.contains("operation=PutObject")
                            && l.contains("status=200")
                            && l.contains("durationMs="));
            assertThat(text).contains("Signet stopped");
            assertThat(signatures).isNotEmpty();
            assertThat(text)
                    .doesNotContain(key.secret())
                    .doesNotContain(SESSION_TOKEN)
                    .doesNotContain(presignedSignature)
                    .doesNotContain("X-Amz-Signature")
                    .doesNotContain("X-Amz-Credential")
                    .doesNotContain("Signature=")
                    .doesNotContain("wRoNgSeCrEt");
            for (String signature : signatures) {
                assertThat(text).doesNotContain(signature);
            }
        }
    }

    /**
     * Sends a presigned PUT's head and half its body, SIGTERMs the server by PID, checks that new
     * connections are refused, then sends the rest: the upload is answered 200 and the process exits 0.
     */
    private static void stopWhileASlowUploadIsInFlight(ServerProcess server, URL put, int port) throws Exception {
        byte[] body = new byte[64 * 1024];
        java.util.Arrays.fill(body, (byte) 'x');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout((int) BOUND.toMillis());
            OutputStream out = socket.getOutputStream();
            String head = "PUT " + put.getFile() + " HTTP/1.1\r\nHost: " + put.getHost() + ":" + port
                    + "\r\nContent-Length: " + body.length + "\r\nContent-Type: application/octet-stream\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            Thread.sleep(500);

            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(server.pid()))
                    .redirectErrorStream(true)
                    .start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(kill.exitValue()).isZero();
            awaitRefused(port);

            int sent = body.length / 2;
            while (sent < body.length) {
                int n = Math.min(8 * 1024, body.length - sent);
                out.write(body, sent, n);
                out.flush();
                sent += n;
                Thread.sleep(200);
            }
            String status = statusLine(socket.getInputStream());
            assertThat(status).isEqualTo("HTTP/1.1 200 OK");
        }
        assertThat(server.process().waitFor(BOUND.toSeconds(), TimeUnit.SECONDS))
                .as("the server exits within " + BOUND + " of SIGTERM")
                .isTrue();
        assertThat(server.process().exitValue()).isZero();
    }

    /** New connections are refused once the server stopped accepting (bounded wait). */
    private static void awaitRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            } catch (ConnectException refused) {
                return;
            } catch (IOException other) {
                // a timeout or reset: try again until refused or the deadline
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server still accepted connections 20 s after SIGTERM");
    }

    private static String statusLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).strip();
    }

    private static String queryValue(URL url, String name) {
        for (String pair : url.getQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError(name + " not in " + url);
    }

    private SignerClient signer(URI endpoint, AwsCredentials credentials) {
        return SignerClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new SignatureRecorder(signatures)))
                .build();
    }

    private S3Client s3(URI endpoint, AwsCredentials credentials) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new SignatureRecorder(signatures)))
                .build();
    }

    private static S3Presigner presigner(URI endpoint, AwsCredentials credentials) {
        return S3Presigner.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .build();
    }

    /** Keeps the signature of every request the SDK sends, to look for it in the log. */
    private record SignatureRecorder(List<String> signatures) implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            Optional<String> authorization = context.httpRequest().firstMatchingHeader("Authorization");
            authorization.ifPresent(a -> {
                Matcher m = SIGNATURE.matcher(a);
                if (m.find()) {
                    signatures.add(m.group(1));
                }
            });
        }
    }
}
