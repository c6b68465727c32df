package dev.signet.bench.jmh;

import dev.signet.bench.BenchPki;
import dev.signet.bench.FormatCase;
import dev.signet.bench.TempDirs;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.Subject;
import dev.signet.core.tsa.Timestamper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Each format's sign (which includes the format's own self-verification, as on the server) and
 * verify on a small input ({@code CMS_PAYLOAD_TSA}: a digest time-stamped by the built-in TSA, as
 * SignPayload signs), with a real CA and {@code SoftwareKeyBackend} in a temp dir and the
 * provider signet-core chooses ({@code -Dsignet.crypto.provider=accp|bc}, set with JMH's
 * {@code -jvmArgsAppend}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class FormatBenchmark {
    @Param({
        "CMS_DETACHED",
        "CMS_PAYLOAD_TSA",
        "JAR",
        "AUTHENTICODE",
        "OPENPGP",
        "LAMBDA_ZIP",
        "NOTATION_JWS",
        "FREERTOS_JSON",
        "IOT_JSON_DETACHED",
        "TI_CC3220SF_JSON"
    })
    public FormatCase formatCase;

    private Path dir;
    private SignatureFormat format;
    private SigningKey key;
    private Optional<Timestamper> timestamper;
    private Subject subject;
    private FormatCase.Verification verification;

    @Setup(Level.Trial)
    public void setUp() throws IOException, FormatException {
        dir = TempDirs.create("signet-bench-format-");
        format = formatCase.format();
        BenchPki pki = new BenchPki(dir.resolve("pki"));
        key = pki.signingKey(formatCase.keyAlgorithm());
        timestamper = formatCase.timestamped() ? Optional.of(pki.timestampAuthority()) : Optional.empty();
        Path inputs = Files.createDirectories(dir.resolve("in"));
        subject = formatCase.writeInput(inputs);
        byte[] output = formatCase.sign(format, subject, key, timestamper);
        verification = formatCase.verification(format, subject, output, dir);
        SignatureEvidence evidence = verification.verify();
        if (!evidence.intact()) {
            throw new IllegalStateException(formatCase + ": the signature just made does not verify");
        }
        if (formatCase.timestamped() && evidence.timestamp().isEmpty()) {
            throw new IllegalStateException(formatCase + ": the signature just made carries no time-stamp token");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        TempDirs.delete(dir);
    }

    @Benchmark
    public byte[] sign() throws FormatException {
        return formatCase.sign(format, subject, key, timestamper);
    }

    @Benchmark
    public SignatureEvidence verify() throws FormatException {
        return verification.verify();
    }
}
