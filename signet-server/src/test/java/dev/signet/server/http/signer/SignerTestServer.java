package dev.signet.server.http.signer;

import dev.signet.server.CredentialsFile;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import dev.signet.server.http.s3.S3Routes;
import dev.signet.server.service.principals.IssuedAccessKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * A real Signet server with the Signer and S3 APIs on a free loopback port over {@code dataDir},
 * and SDK clients authenticated with the bootstrap admin key it wrote. Restartable over the same
 * directory.
 */
final class SignerTestServer implements AutoCloseable {
    final Path dataDir;
    final SignetServer server;
    final SignerClient signer;
    final S3Client s3;

    SignerTestServer(Path dataDir) {
        this.dataDir = dataDir;
        this.server = SignetServer.start(
                new ServerConfig("127.0.0.1", 0, dataDir), List.of(SignerRoutes::new, S3Routes::new));
        IssuedAccessKey key;
        try {
            key = CredentialsFile.read(dataDir.resolve(CredentialsFile.FILE_NAME))
                    .orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
        this.signer = SignerClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        this.s3 = S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(true)
                        .chunkedEncodingEnabled(false)
                        .build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    Path rootPem() {
        return dataDir.resolve("ca").resolve("root.pem");
    }

    @Override
    public void close() {
        signer.close();
        s3.close();
        server.close();
    }
}
