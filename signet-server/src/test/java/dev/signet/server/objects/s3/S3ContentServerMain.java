package dev.signet.server.objects.s3;

import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A Signet server with S3 content, in a JVM of its own for {@link S3ContentMemoryIT}: arguments
 * ENDPOINT BUCKET ACCESS-KEY-ID DATA-DIR, the secret access key the first line of standard input.
 * Prints {@code listening on PORT} once it serves, and stops when standard input ends.
 */
final class S3ContentServerMain {
    private S3ContentServerMain() {}

    public static void main(String[] args) throws IOException {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String secret = stdin.readLine();
        S3ObjectSettings settings = new S3ObjectSettings(
                Optional.of(URI.create(args[0])),
                "us-east-1",
                args[1],
                "signet/",
                true,
                Optional.of(new S3ObjectSettings.AccessKey(args[2], secret)));
        try (SignetServer server =
                SignetServer.start(new ServerConfig("127.0.0.1", 0, Path.of(args[3])).withS3Objects(settings))) {
            System.out.println("listening on " + server.port());
            System.out.flush();
            // until the test closes our standard input
            while (stdin.read() >= 0) {
                // nothing to do
            }
        }
    }
}
