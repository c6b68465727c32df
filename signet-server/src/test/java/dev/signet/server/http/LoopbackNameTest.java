package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Which host a loopback server announces, for resolvers that do and do not answer {@code *.localhost}. */
class LoopbackNameTest {
    private static final Duration BOUND = Duration.ofSeconds(10);

    private static InetAddress address(String name, int... bytes) {
        byte[] raw = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            raw[i] = (byte) bytes[i];
        }
        try {
            return InetAddress.getByAddress(name, raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final int[] V4 = {127, 0, 0, 1};
    private static final int[] V6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    /** A resolver answering only the given names, each with the given addresses. */
    private static LoopbackName.Resolver answering(Map<String, List<int[]>> answers, Set<String> asked) {
        return name -> {
            asked.add(name);
            List<int[]> found = answers.get(name);
            if (found == null) {
                throw new UnknownHostException(name);
            }
            return found.stream().map(b -> address(name, b)).toArray(InetAddress[]::new);
        };
    }

    @Test
    void announcesTheLocalhostNameWhenItAndBothPrefixedFormsAreLoopback() {
        Set<String> asked = ConcurrentHashMap.newKeySet();
        List<int[]> both = List.of(V6, V4); // what libnss-myhostname answers, ::1 first
        String chosen = LoopbackName.choose(
                answering(
                        Map.of(
                                "signet.localhost", both,
                                "data-signet.localhost", both,
                                "verification.signet.localhost", both),
                        asked),
                BOUND);
        assertThat(chosen).isEqualTo("signet.localhost");
        assertThat(asked)
                .containsExactlyInAnyOrder(
                        "signet.localhost", "data-signet.localhost", "verification.signet.localhost");
    }

    @Test
    void fallsBackWhenAPrefixedFormDoesNotResolve() {
        // /etc/hosts may name signet.localhost without the names clients derive from it
        String chosen = LoopbackName.choose(
                answering(
                        Map.of("signet.localhost", List.of(V4), "data-signet.localhost", List.of(V4)),
                        ConcurrentHashMap.newKeySet()),
                BOUND);
        assertThat(chosen).isEqualTo("127.0.0.1");
    }

    @Test
    void fallsBackWhenANameLeavesTheMachineOrMissesTheBoundAddress() {
        List<int[]> elsewhere = List.of(V4, new int[] {10, 0, 0, 7});
        assertThat(LoopbackName.choose(
                        answering(
                                Map.of(
                                        "signet.localhost", List.of(V4),
                                        "data-signet.localhost", elsewhere,
                                        "verification.signet.localhost", List.of(V4)),
                                ConcurrentHashMap.newKeySet()),
                        BOUND))
                .isEqualTo("127.0.0.1");
        List<int[]> onlyV6 = List.of(V6);
        assertThat(LoopbackName.choose(
                        answering(
                                Map.of(
                                        "signet.localhost", onlyV6,
                                        "data-signet.localhost", onlyV6,
                                        "verification.signet.localhost", onlyV6),
                                ConcurrentHashMap.newKeySet()),
                        BOUND))
                .isEqualTo("127.0.0.1");
    }

    @Test
    void aResolverThatNeverAnswersMeansTheLoopbackAddress() {
        CountDownLatch never = new CountDownLatch(1);
        String chosen = LoopbackName.choose(
                name -> {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new UnknownHostException(name);
                },
                Duration.ofMillis(200));
        assertThat(chosen).isEqualTo("127.0.0.1");
    }

    @Test
    void aResolverThatFailsOddlyMeansTheLoopbackAddress() {
        assertThat(LoopbackName.choose(
                        name -> {
                            throw new SecurityException("no lookups here");
                        },
                        BOUND))
                .isEqualTo("127.0.0.1");
    }
}
