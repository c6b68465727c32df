package dev.signet.bench.run;

import dev.signet.bench.BenchFailure;
import dev.signet.bench.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * JMH (raw signing per provider, formats, digests) and the SignPayload load runs, with the CPU the
 * cryptography of one signature needs alone: a floor under the server's CPU per request, and so a
 * ceiling on the rate these cores can reach.
 */
final class LoadPart {
    private LoadPart() {}

    static void jmh(BenchRun run) {
        run.log("JMH (raw signing, formats, digests)");
        Path json = run.work.resolve("jmh.json");
        List<String> command = run.bench("org.openjdk.jmh.Main");
        command.addAll(run.sizes.jmhArgs());
        command.addAll(
                List.of("-rf", "json", "-rff", json.toString(), "RawSignBenchmark|FormatBenchmark|DigestBenchmark"));
        run.commands.ok(Duration.ofHours(2), command);
        run.jmhFile = Optional.of(json);
    }

    static void load(BenchRun run) {
        for (int r = 1; r <= run.options.runs(); r++) {
            run.log("load run " + r + "/" + run.options.runs());
            run.loadFiles.add(loadRun(run, "load-" + r + ".json", List.of()));
            run.log("Notation load run " + r + "/" + run.options.runs());
            run.loadFiles.add(loadRun(run, "load-notation-" + r + ".json", List.of("--platform", "notation")));
            run.log("IoT load run " + r + "/" + run.options.runs());
            run.loadFiles.add(loadRun(run, "load-iot-" + r + ".json", List.of("--platform", "iot")));
        }
        run.log("cryptography floor");
        List<String> floor = run.sizes.floorArgs();
        Commands.Result cms = run.commands.ok(
                BenchRun.STEP, with(run.bench("dev.signet.bench.FormatSignCpu", "CMS_PAYLOAD_TSA"), floor));
        run.record("floor.cms_tsa.cpu_us", BenchRun.number("floor.cms_tsa.cpu_us", cms.field(2)));
        Commands.Result notation = run.commands.ok(
                BenchRun.STEP, with(run.bench("dev.signet.bench.FormatSignCpu", "NOTATION_PAYLOAD_TSA"), floor));
        run.record("floor.notation_tsa.cpu_us", BenchRun.number("floor.notation_tsa.cpu_us", notation.field(2)));
        Commands.Result iot =
                run.commands.ok(BenchRun.STEP, with(run.bench("dev.signet.bench.FormatSignCpu", "IOT_PAYLOAD"), floor));
        run.record("floor.iot.cpu_us", BenchRun.number("floor.iot.cpu_us", iot.field(2)));
        Commands.Result signVerify = run.commands.ok(
                BenchRun.STEP, with(run.bench("dev.signet.bench.SignVerifyCpu"), floor.subList(1, floor.size())));
        run.record("floor.sign.cpu_us", BenchRun.number("floor.sign.cpu_us", signVerify.field(1)));
        run.record("floor.verify.cpu_us", BenchRun.number("floor.verify.cpu_us", signVerify.field(3)));
        run.record("machine.cores", Runtime.getRuntime().availableProcessors());
        // one run with the AWS SDK client, for its client CPU per request (the report leaves it out of the targets)
        run.log("load run with the AWS SDK client");
        run.loadFiles.add(loadRun(run, "load-sdk.json", List.of("--client", "sdk")));
    }

    /**
     * Each format's sign() and verify() CPU against the cryptography it performs, measured in
     * alternating blocks in one JVM ({@code FormatCpu}), once per run: {@code format.CASE.sign_us},
     * {@code .sign_crypto_us}, {@code .verify_us}, {@code .verify_crypto_us} and the per-pair ratios
     * {@code .sign_ratio}, {@code .sign_ratio_min}, {@code .sign_ratio_max}, {@code .verify_ratio},
     * {@code .verify_ratio_min}, {@code .verify_ratio_max}.
     */
    static void formats(BenchRun run) {
        for (int r = 1; r <= run.options.runs(); r++) {
            run.log("format CPU run " + r + "/" + run.options.runs());
            Commands.Result result = run.commands.ok(
                    BenchRun.STEP, with(run.bench("dev.signet.bench.FormatCpu"), run.sizes.formatArgs()));
            int recorded = 0;
            for (String line : result.out().split("\n")) {
                String[] field = line.strip().split("\t");
                if (field.length < 9 || field.length % 2 == 0 || !field[1].equals("sign_us")) {
                    continue; // the JVM's own warnings
                }
                for (int i = 1; i < field.length; i += 2) {
                    String key = "format." + field[0] + "." + field[i];
                    run.record(key, BenchRun.number(key, field[i + 1]));
                }
                recorded++;
            }
            if (recorded == 0) {
                throw new BenchFailure("FormatCpu printed no results: " + result.out());
            }
        }
    }

    /**
     * SignPayload of valid callers alone and during a flood of random access key ids ({@code
     * KeyFlood}), once per run; its KEY<TAB>VALUE lines go into the results as they are.
     */
    static void flood(BenchRun run) {
        for (int r = 1; r <= run.options.runs(); r++) {
            run.log("unknown access key flood run " + r + "/" + run.options.runs());
            Path out = run.work.resolve("flood-" + r + ".tsv");
            List<String> command = with(run.bench("dev.signet.bench.load.KeyFlood"), run.sizes.floodArgs());
            command.addAll(List.of("--out", out.toString()));
            run.commands.ok(BenchRun.STEP, command);
            List<String> lines;
            try {
                lines = Files.readAllLines(out);
            } catch (IOException e) {
                throw new BenchFailure("KeyFlood wrote no results to " + out + ": " + e.getMessage());
            }
            for (String line : lines) {
                String[] field = line.split("\t");
                if (field.length != 2) {
                    throw new BenchFailure("KeyFlood result line is not KEY<TAB>VALUE: '" + line + "'");
                }
                run.record(field[0], BenchRun.number(field[0], field[1]));
            }
        }
    }

    /**
     * Issue 20's row ({@code Pkcs11Bench}): SignPayload with a SoftHSM2 key and with a software key
     * beside SoftHSM2's raw rate, 8 threads, once per run; its KEY<TAB>VALUE lines go into the
     * results as they are. The child gets {@code SOFTHSM2_CONF} naming a file in the work directory.
     */
    static void pkcs11(BenchRun run) {
        for (int r = 1; r <= run.options.runs(); r++) {
            run.log("PKCS#11 (SoftHSM2) run " + r + "/" + run.options.runs());
            Path out = run.work.resolve("pkcs11-" + r + ".tsv");
            List<String> command = run.bench(
                    "dev.signet.bench.load.Pkcs11Bench",
                    "--threads",
                    8,
                    "--seconds",
                    run.options.full() ? 20 : 2,
                    "--warmup-seconds",
                    run.options.full() ? 10 : 1,
                    "--out",
                    out);
            run.commands.ok(
                    BenchRun.STEP,
                    java.util.Map.of(
                            "SOFTHSM2_CONF", run.work.resolve("softhsm2.conf").toString()),
                    command);
            List<String> lines;
            try {
                lines = Files.readAllLines(out);
            } catch (IOException e) {
                throw new BenchFailure("Pkcs11Bench wrote no results to " + out + ": " + e.getMessage());
            }
            for (String line : lines) {
                String[] field = line.split("\t");
                if (field.length != 2) {
                    throw new BenchFailure("Pkcs11Bench result line is not KEY<TAB>VALUE: '" + line + "'");
                }
                run.record(field[0], BenchRun.number(field[0], field[1]));
            }
        }
    }

    /** A load driver run with the sizes' settings and {@code extra}; returns its JSON file. */
    static Path loadRun(BenchRun run, String name, List<String> extra) {
        Path out = run.work.resolve(name);
        List<String> command = with(run.bench("dev.signet.bench.load.LoadDriver"), run.sizes.loadArgs());
        command.addAll(extra);
        command.addAll(List.of("--out", out.toString()));
        run.commands.ok(BenchRun.STEP, command);
        return out;
    }

    private static List<String> with(List<String> command, List<String> args) {
        List<String> all = new ArrayList<>(command);
        all.addAll(args);
        return all;
    }

    /**
     * Issue 19's evaluation cost ({@code policy/AuthorizerCpu}): the authorizer's per-request latency
     * for a caller with 20 policies of 10 statements, once per run; its KEY<TAB>VALUE lines go into the
     * results as they are.
     */
    static void policy(BenchRun run) {
        for (int r = 1; r <= run.options.runs(); r++) {
            run.log("policy evaluation (PolicyAuthorizer) run " + r + "/" + run.options.runs());
            Commands.Result result = run.commands.ok(
                    BenchRun.STEP,
                    run.bench("dev.signet.bench.policy.AuthorizerCpu", run.options.full() ? 200_000 : 20_000));
            int recorded = 0;
            for (String line : result.out().split("\n")) {
                String[] field = line.strip().split("\t");
                if (field.length == 2 && field[0].startsWith("policy.")) {
                    run.record(field[0], BenchRun.number(field[0], field[1]));
                    recorded++;
                }
            }
            if (recorded == 0) {
                throw new BenchFailure("AuthorizerCpu printed no results: " + result.out());
            }
        }
    }
}
