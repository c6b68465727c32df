package dev.signet.server.http;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host name a server on 127.0.0.1 announces, so that clients which put a prefix in front of the
 * endpoint's host still reach it. The Signer model gives GetRevocationStatus the host prefix {@code
 * data-} (botocore, so the AWS CLI, sends to {@code data-HOST}) and the Java SDK's endpoint rules use
 * {@code verification.HOST}: neither {@code data-127.0.0.1} nor {@code verification.127.0.0.1} is a
 * host name (the Java SDK fails with a URISyntaxException), but {@code data-signet.localhost} and
 * {@code verification.signet.localhost} are, and RFC 6761 reserves {@code .localhost} for loopback
 * (glibc with {@code libnss-myhostname}, systemd-resolved, curl and browsers resolve every such name
 * to 127.0.0.1 and ::1).
 *
 * <p>{@link #choose} announces {@value #NAME} only when it and both prefixed forms resolve, on this
 * machine and within a bound, to loopback addresses that include 127.0.0.1 (the address the server
 * binds); otherwise 127.0.0.1, which always works when host prefix injection is disabled. It never
 * fails: a slow or failing resolver means 127.0.0.1.
 */
public final class LoopbackName {
    /** The name announced when {@code *.localhost} resolves to loopback here. */
    public static final String NAME = "signet.localhost";

    /** The prefixes clients add for GetRevocationStatus: the model's, then the Java SDK's. */
    public static final List<String> PREFIXES = List.of("data-", "verification.");

    /** How long the lookups may take before 127.0.0.1 is announced instead. */
    public static final Duration BOUND = Duration.ofSeconds(2);

    private static final String LOOPBACK = "127.0.0.1";
    private static final Logger LOG = LoggerFactory.getLogger(LoopbackName.class);

    /** Looks a host name up; {@link InetAddress#getAllByName} in production. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String name) throws UnknownHostException;
    }

    private LoopbackName() {}

    /** {@link #NAME} when it works here for every prefix, else {@code 127.0.0.1}; uses the system resolver. */
    public static String choose() {
        return choose(InetAddress::getAllByName, BOUND);
    }

    /** As {@link #choose()}, with {@code resolver} and at most {@code bound} for all lookups. */
    public static String choose(Resolver resolver, Duration bound) {
        Objects.requireNonNull(resolver, "resolver");
        ExecutorService lookup = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "signet-loopback-name");
            t.setDaemon(true); // a resolver stuck past the bound must not keep the JVM alive
            return t;
        });
        try {
            Future<String> problem = lookup.submit(() -> problem(resolver));
            String found = problem.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            if (found.isEmpty()) {
                return NAME;
            }
            fallBack(found);
        } catch (TimeoutException e) {
            fallBack("looking up " + NAME + " took longer than " + bound.toSeconds() + " s");
        } catch (ExecutionException e) {
            fallBack("looking up " + NAME + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fallBack("interrupted while looking up " + NAME);
        } finally {
            lookup.shutdownNow();
        }
        return LOOPBACK;
    }

    /** Why {@link #NAME} cannot be announced, or empty when it can. */
    private static String problem(Resolver resolver) {
        for (String prefix : List.of("", PREFIXES.get(0), PREFIXES.get(1))) {
            String name = prefix + NAME;
            InetAddress[] addresses;
            try {
                addresses = resolver.resolve(name);
            } catch (UnknownHostException e) {
                return name + " does not resolve";
            }
            boolean ipv4Loopback = false;
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return name + " resolves to " + address.getHostAddress() + ", not a loopback address";
                }
                ipv4Loopback |= address instanceof Inet4Address
                        && address.getHostAddress().equals(LOOPBACK);
            }
            if (!ipv4Loopback) {
                return name + " does not resolve to " + LOOPBACK;
            }
        }
        return "";
    }

    private static void fallBack(String why) {
        LOG.info(
                "Announcing 127.0.0.1 ({}). AWS clients add a host prefix for GetRevocationStatus (data-,"
                        + " verification.), which an IP address cannot take: set AWS_DISABLE_HOST_PREFIX_INJECTION=true"
                        + " (AWS CLI v1), or make *.localhost resolve to loopback (Debian: apt-get install"
                        + " libnss-myhostname); see docs/aws-compatibility.md",
                why);
    }
}
