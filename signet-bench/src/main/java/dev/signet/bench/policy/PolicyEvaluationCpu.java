package dev.signet.bench.policy;

import dev.signet.core.policy.Decision;
import dev.signet.core.policy.PolicyEvaluator;
import dev.signet.core.policy.RequestContext;
import java.util.Arrays;
import java.util.Locale;

/**
 * Per-request latency of {@link PolicyEvaluator#evaluate} on the {@link PolicyWorkload} (20
 * policies of 10 statements, compiled once), on one thread: each evaluation timed on its own with
 * {@link System#nanoTime}, after a warm-up; prints p50, p90, p99, p99.9 and max in microseconds for
 * the request allowed by the last statement and for an implicit deny. Run:
 * {@code java -cp CLASSPATH dev.signet.bench.policy.PolicyEvaluationCpu [requests]}.
 */
public final class PolicyEvaluationCpu {
    private PolicyEvaluationCpu() {}

    public static void main(String[] args) {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        PolicyWorkload workload = new PolicyWorkload();
        check(workload, workload.allowedLast, Decision.Outcome.ALLOWED);
        check(workload, workload.implicitDeny, Decision.Outcome.IMPLICIT_DENY);
        for (int round = 0; round < 2; round++) { // the first round warms up (JIT)
            long[] allowed = measure(workload, workload.allowedLast, requests);
            long[] denied = measure(workload, workload.implicitDeny, requests);
            if (round == 1) {
                print("allowed by the last statement", allowed);
                print("implicit deny (every statement)", denied);
            }
        }
    }

    private static void check(PolicyWorkload workload, RequestContext context, Decision.Outcome expected) {
        Decision decision = PolicyEvaluator.evaluate(workload.policies, context);
        if (decision.outcome() != expected) {
            throw new IllegalStateException("the workload decided " + decision + ", expected " + expected);
        }
    }

    static long[] measure(PolicyWorkload workload, RequestContext context, int requests) {
        long[] nanos = new long[requests];
        int sink = 0;
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            Decision decision = PolicyEvaluator.evaluate(workload.policies, context);
            nanos[i] = System.nanoTime() - start;
            sink += decision.matched().size();
        }
        if (sink < 0) {
            throw new IllegalStateException();
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static void print(String label, long[] sorted) {
        System.out.printf(
                Locale.ROOT,
                "%-34s n=%d p50=%.1f us p90=%.1f us p99=%.1f us p99.9=%.1f us max=%.1f us%n",
                label,
                sorted.length,
                at(sorted, 0.50),
                at(sorted, 0.90),
                at(sorted, 0.99),
                at(sorted, 0.999),
                sorted[sorted.length - 1] / 1e3);
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e3;
    }
}
