package dev.signet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.server.http.NativeCalls;
import dev.signet.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one PostgreSQL: a CA renewal made through node A is used by A at once and taken up
 * by node B within the cache staleness, without a restart; a second renewal through B builds on the
 * first (B reads the stored CA again under the bootstrap lock) instead of forking it; a TSA renewal
 * reaches the other node the same way.
 */
class ClusterCaRenewalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ClusterTimings TIMINGS = new ClusterTimings(Duration.ofSeconds(5), Duration.ofSeconds(1));

    @TempDir
    Path root;

    @Test
    void aRenewalThroughOneNodeReachesTheOtherWithoutARestart() throws Exception {
        ClusterNodes cluster = new ClusterNodes(root);
        try (TestServer a = TestServer.node(
                        cluster.dataDir("a"), c -> cluster.join(c).withCluster(TIMINGS));
                TestServer b = TestServer.node(
                        cluster.dataDir("b"), c -> cluster.join(c).withCluster(TIMINGS))) {
            assertThat(renew(a, "root").statusCode()).isEqualTo(200);
            assertThat(a.assembly().ca().roots()).hasSize(2);
            assertThat(a.assembly().ca().issuingCas()).hasSize(2);

            // B takes it up within the staleness bound (bounded wait: 60 s)
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (b.assembly().ca().issuingCas().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(b.assembly().ca().roots()).isEqualTo(a.assembly().ca().roots());
            assertThat(b.assembly().ca().issuing()).isEqualTo(a.assembly().ca().issuing());

            // B renews from the stored CA: generation 3, which A then takes up too
            HttpResponse<String> viaB = renew(b, "issuing");
            assertThat(viaB.statusCode()).as(viaB.body()).isEqualTo(200);
            assertThat(JSON.readTree(viaB.body())
                            .path("issuing")
                            .path("generation")
                            .asInt())
                    .isEqualTo(3);
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (a.assembly().ca().issuingCas().size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(a.assembly().ca().issuingCas())
                    .isEqualTo(b.assembly().ca().issuingCas());

            // a TSA renewal through A (its certificate from issuing CA 3, made through B) reaches B
            HttpResponse<String> tsa = renew(a, "tsa");
            assertThat(tsa.statusCode()).as(tsa.body()).isEqualTo(200);
            assertThat(a.assembly().timestampAuthority().chain().get(1))
                    .isEqualTo(a.assembly().ca().issuing());
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (b.assembly().timestampAuthority().generation() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(b.assembly().timestampAuthority().chain())
                    .isEqualTo(a.assembly().timestampAuthority().chain());
        }
    }

    private static HttpResponse<String> renew(TestServer node, String kind) throws Exception {
        return NativeCalls.post(node, "/v1/ca/renew", Map.of("kind", kind));
    }
}
