package dev.signet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.testing.TestServer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.SigningJob;
import software.amazon.awssdk.services.signer.model.ValidationException;

/**
 * Two servers on one PostgreSQL: a profile canceled through node A is refused by node B at once,
 * although B keeps the profile in its cache, and no signature B hands out is missing from the
 * shared record.
 */
class ClusterProfileCancelTest {
    private static final String CMS = "Signet-CMS-SHA256-ECDSA";
    private static final String DIGEST_FORMAT = "application/vnd.signet.digest+sha256";
    /** Long enough that B's cached profile stays cached for the whole test. */
    private static final ClusterTimings TIMINGS = new ClusterTimings(Duration.ofSeconds(5), Duration.ofMinutes(5));

    @TempDir
    Path root;

    @Test
    void aProfileCanceledThroughOneNodeIsRefusedByTheOtherAndEverySignatureHandedOutIsRecorded() throws Exception {
        ClusterNodes cluster = new ClusterNodes(root);
        try (TestServer a = TestServer.node(
                        cluster.dataDir("a"), c -> cluster.join(c).withCluster(TIMINGS));
                TestServer b = TestServer.node(
                        cluster.dataDir("b"), c -> cluster.join(c).withCluster(TIMINGS));
                SignerClient viaA = a.signer();
                SignerClient viaB = b.signer()) {
            viaA.putSigningProfile(p -> p.profileName("app").platformId(CMS));
            // B signs once, so the profile is in B's cache from now on
            signPayload(viaB, 0);

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger handedOut = new AtomicInteger(1);
            ExecutorService load = Executors.newFixedThreadPool(3);
            List<Future<?>> signers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int base = (t + 1) * 100_000;
                signers.add(load.submit(() -> {
                    for (int i = base; !stop.get(); i++) {
                        try {
                            signPayload(viaB, i);
                            handedOut.incrementAndGet();
                        } catch (ValidationException refused) {
                            assertThat(refused.getMessage()).contains("signing profile app");
                        }
                    }
                    return null;
                }));
            }
            while (handedOut.get() < 10) {
                Thread.sleep(10);
            }
            viaA.cancelSigningProfile(p -> p.profileName("app"));
            long canceled = System.currentTimeMillis();

            // the very next signature through B is refused, though B still caches the profile
            assertThatThrownBy(() -> signPayload(viaB, 1))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("signing profile app");
            stop.set(true);
            for (Future<?> signer : signers) {
                signer.get(60, TimeUnit.SECONDS);
            }
            load.shutdown();

            // every 200 B returned is a job in the shared record, listed through A
            List<SigningJob> listed = new ArrayList<>();
            viaA.listSigningJobsPaginator(r -> r.maxResults(25)).forEach(page -> listed.addAll(page.jobs()));
            assertThat(listed).hasSize(handedOut.get());
            // a job is signed before it is recorded, and recorded only before the cancel commits
            int afterCancel = a.assembly()
                    .database()
                    .jdbi()
                    .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM signing_job WHERE created_at > :canceled")
                            .bind("canceled", canceled)
                            .mapTo(Integer.class)
                            .one());
            assertThat(afterCancel).as("jobs signed after the cancel returned").isZero();
        }
    }

    private static void signPayload(SignerClient signer, int n) throws Exception {
        byte[] digest =
                MessageDigest.getInstance("SHA-256").digest(Integer.toString(n).getBytes());
        signer.signPayload(r ->
                r.profileName("app").payload(SdkBytes.fromByteArray(digest)).payloadFormat(DIGEST_FORMAT));
    }
}
