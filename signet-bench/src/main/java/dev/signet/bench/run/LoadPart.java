package dev.signet.bench.run;

import dev.signet.bench.Commands;
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
        }
        run.log("cryptography floor");
        List<String> floor = run.sizes.floorArgs();
        Commands.Result cms = run.commands.ok(
                BenchRun.STEP, with(run.bench("dev.signet.bench.FormatSignCpu", "CMS_PAYLOAD_TSA"), floor));
        run.record("floor.cms_tsa.cpu_us", BenchRun.number("floor.cms_tsa.cpu_us", cms.field(2)));
        Commands.Result signVerify = run.commands.ok(
                BenchRun.STEP, with(run.bench("dev.signet.bench.SignVerifyCpu"), floor.subList(1, floor.size())));
        run.record("floor.sign.cpu_us", BenchRun.number("floor.sign.cpu_us", signVerify.field(1)));
        run.record("floor.verify.cpu_us", BenchRun.number("floor.verify.cpu_us", signVerify.field(3)));
        run.record("machine.cores", Runtime.getRuntime().availableProcessors());
        // one run with the AWS SDK client, for its client CPU per request (the report leaves it out of the targets)
        run.log("load run with the AWS SDK client");
        run.loadFiles.add(loadRun(run, "load-sdk.json", List.of("--client", "sdk")));
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
}
