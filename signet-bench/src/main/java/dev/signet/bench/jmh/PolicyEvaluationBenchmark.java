package dev.signet.bench.jmh;

import dev.signet.bench.policy.PolicyWorkload;
import dev.signet.core.policy.Decision;
import dev.signet.core.policy.PolicyEvaluator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * IAM policy evaluation on the workload ({@link PolicyWorkload}: 20 policies of 10
 * statements on the caller, a boundary and a resource policy, compiled once). SampleTime, so JMH
 * reports the p99 the target (under 50 us) is about.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class PolicyEvaluationBenchmark {
    private final PolicyWorkload workload = new PolicyWorkload();

    @Benchmark
    public Decision allowedByTheLastStatement() {
        return PolicyEvaluator.evaluate(workload.policies, workload.allowedLast);
    }

    @Benchmark
    public Decision implicitDeny() {
        return PolicyEvaluator.evaluate(workload.policies, workload.implicitDeny);
    }
}
