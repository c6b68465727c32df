package dev.signet.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.testing.Processes;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import dev.signet.server.SignetServerException;
import dev.signet.server.service.OpensslCms;
import dev.signet.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * {@link SignetServer#backup} of a running server (SQLite, filesystem objects) while clients keep
 * signing and uploading, then {@link SignetServer#restore} into a new directory and a server started
 * there: the same CA root, the old signature verifies against it (openssl cms), the profile signs
 * with the same certificate, the old access key works, and every object the restored database lists
 * has its content.
 */
class NodeBackupIntegrationTest {
    private static final String PROFILE = "backed_up";
    private static final String DIGEST_FORMAT = "application/vnd.signet.digest+sha256";
    private static final char[] PASSPHRASE = "a long backup passphrase".toCharArray();

    @TempDir
    Path dir;

    @Test
    void aRestoredNodeSignsWithTheSameKeysAndServesTheSameObjects() throws Exception {
        Path data = dir.resolve("data");
        Path artifact = Files.writeString(dir.resolve("artifact.txt"), "release 1.0\n");
        byte[] digest = Digests.digest(HashAlgorithm.SHA256, artifact);
        Path archive = dir.resolve("node.signet-backup");
        byte[] oldSignature;
        AwsBasicCredentials credentials;
        byte[] root;
        try (TestServer server = TestServer.start(data);
                SignerClient signer = server.signer();
                S3Client s3 = server.s3()) {
            signer.putSigningProfile(b -> b.profileName(PROFILE).platformId("Signet-CMS-SHA256-ECDSA"));
            oldSignature = sign(signer, digest);
            s3.createBucket(b -> b.bucket("kept"));
            s3.putObject(b -> b.bucket("kept").key("hello.txt"), RequestBody.fromString("hello\n"));
            credentials = server.credentials();
            root = Files.readAllBytes(data.resolve("ca/root.pem"));

            // the server keeps committing (signatures, objects) while the backup runs
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            ExecutorService load = Executors.newSingleThreadExecutor();
            Future<Integer> writes = load.submit(() -> {
                int n = 0;
                while (!stop.get() && n < 500) {
                    s3.putObject(b -> b.bucket("kept").key("during/" + System.nanoTime()), RequestBody.fromString("x"));
                    sign(signer, digest);
                    n++;
                    started.countDown();
                }
                return n;
            });
            SignetServer.BackupWritten written;
            try {
                assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
                written = SignetServer.backup(new ServerConfig("127.0.0.1", 0, data), archive, PASSPHRASE);
            } finally {
                stop.set(true);
                load.shutdown();
                assertThat(load.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(writes.get()).isPositive();
            assertThat(written.databaseIncluded()).isTrue();
            assertThat(written.contentIncluded()).isTrue();
            assertThat(written.externalKeys()).isEmpty();
            assertThat(written.files()).isGreaterThan(5);
        }
        assertThat(Files.getPosixFilePermissions(archive))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(dir.resolve("node.signet-backup.tmp")).doesNotExist();
        assertThat(Files.readString(archive.resolveSibling("node.signet-backup"), StandardCharsets.ISO_8859_1))
                .startsWith("SIGNETBK");

        Path restoredDir = dir.resolve("restored");
        SignetServer.Restored restored = SignetServer.restore(archive, restoredDir, PASSPHRASE);
        assertThat(restored.databaseIncluded()).isTrue();
        assertThat(restoredDir.resolve("objects/tmp")).doesNotExist();

        try (TestServer server = TestServer.start(restoredDir);
                SignerClient signer = server.signer();
                S3Client s3 = server.s3(b -> b.credentialsProvider(() -> credentials))) {
            Path rootPem = restoredDir.resolve("ca/root.pem");
            assertThat(Files.readAllBytes(rootPem)).isEqualTo(root);
            Processes.Result old = OpensslCms.verify(artifact, oldSignature, rootPem);
            assertThat(old.ok()).as(old.output()).isTrue();

            byte[] newSignature = sign(signer, digest);
            Processes.Result fresh = OpensslCms.verify(artifact, newSignature, rootPem);
            assertThat(fresh.ok()).as(fresh.output()).isTrue();
            assertThat(signerCertificate(newSignature)).isEqualTo(signerCertificate(oldSignature));

            assertThat(s3.getObjectAsBytes(b -> b.bucket("kept").key("hello.txt"))
                            .asUtf8String())
                    .isEqualTo("hello\n");
            // every object the database copy lists has its content: the files were copied after it
            List<S3Object> listed = new ArrayList<>();
            s3.listObjectsV2Paginator(b -> b.bucket("kept")).contents().forEach(listed::add);
            assertThat(listed).hasSizeGreaterThan(1);
            for (S3Object object : listed) {
                assertThat(s3.getObjectAsBytes(b -> b.bucket("kept").key(object.key()))
                                .asByteArray())
                        .hasSize(object.size().intValue());
            }
        }
    }

    @Test
    void aBackupNeverOverwritesAFileAndAWrongPassphraseRestoresNothing() throws Exception {
        Path data = dir.resolve("data");
        try (TestServer server = TestServer.start(data)) {
            Path taken = Files.writeString(dir.resolve("taken"), "mine");
            assertThatThrownBy(() -> SignetServer.backup(new ServerConfig("127.0.0.1", 0, data), taken, PASSPHRASE))
                    .isInstanceOf(SignetServerException.class)
                    .hasMessageContaining("exists: give a new file name");
            assertThat(taken).hasContent("mine");

            Path archive = dir.resolve("archive");
            SignetServer.backup(new ServerConfig("127.0.0.1", 0, data), archive, PASSPHRASE);
            assertThatThrownBy(() -> SignetServer.restore(archive, dir.resolve("r"), "wrong passphrase".toCharArray()))
                    .isInstanceOf(SignetServerException.class)
                    .hasMessage("nothing was restored: the archive cannot be opened: wrong passphrase, or its"
                            + " beginning was altered");
            assertThat(dir.resolve("r")).doesNotExist();
            assertThat(dir.resolve("r.restoring")).doesNotExist();
        }
    }

    private static byte[] sign(SignerClient signer, byte[] digest) {
        return signer.signPayload(b -> b.profileName(PROFILE)
                        .payload(SdkBytes.fromByteArray(digest))
                        .payloadFormat(DIGEST_FORMAT))
                .signature()
                .asByteArray();
    }

    private static X509CertificateHolder signerCertificate(byte[] der) throws Exception {
        CMSSignedData cms = new CMSSignedData(der);
        SignerInformation info = cms.getSignerInfos().getSigners().iterator().next();
        @SuppressWarnings("unchecked")
        var matches = cms.getCertificates().getMatches(info.getSID());
        return (X509CertificateHolder) matches.iterator().next();
    }
}
