package dev.signet.cli.ca;

import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.LocalFiles;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.client.ClientOptions;
import dev.signet.cli.output.OutputOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet ca export}: the root certificate (PEM) from the server, for verifiers to trust. It
 * comes over plain HTTP by default, so {@code --fingerprint} pins it: a root with another SHA-256
 * fingerprint is refused before anything is written or printed.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Fetch the deployment's root certificate (PEM) from the server.")
public final class CaExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private ClientOptions client() {
        return SignetCommand.global(spec).client();
    }

    private OutputOptions output() {
        return SignetCommand.global(spec).output();
    }

    @Option(names = "--out", paramLabel = "FILE", description = "Write the PEM here (default: print it).")
    Path out;

    @Option(
            names = "--fingerprint",
            paramLabel = "SHA256",
            description = {
                "Accept the root only if its SHA-256 fingerprint is this (64 hex digits, colons optional, as"
                        + " `openssl x509 -noout -fingerprint -sha256` prints it; `signet server` logs it at"
                        + " start-up); on a mismatch nothing is written or printed and the exit code is 1."
            })
    String fingerprint;

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        Path target = out == null ? null : LocalFiles.requireWritable(context.resolve(out));
        Optional<String> pinned = Optional.ofNullable(fingerprint).map(RootFingerprint::parsePin);
        RootFetcher.Root root = RootFetcher.fetch(client().endpoint(context));
        String actual = RootFingerprint.of(root.certificate());
        if (pinned.isPresent() && !pinned.get().equals(actual)) {
            throw new CliException(
                    ExitCode.INVALID,
                    "the server's root certificate has SHA-256 fingerprint " + actual + ", not the pinned "
                            + pinned.get() + ": refused, nothing written");
        }
        if (target != null) {
            LocalFiles.writeAtomically(target, root.pem().getBytes(StandardCharsets.US_ASCII));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        if (target != null) {
            json.put("path", target.toString());
        }
        json.put("subject", root.certificate().getSubjectX500Principal().getName());
        json.put("sha256Fingerprint", actual);
        json.put("notAfter", root.certificate().getNotAfter().toInstant().toString());
        json.put("pem", root.pem());
        output().print(context.out(), json, () -> {
            if (target == null) {
                context.out().print(root.pem());
            } else {
                context.out()
                        .println("wrote " + target + " ("
                                + root.certificate().getSubjectX500Principal().getName() + ", SHA-256 " + actual
                                + ")");
            }
        });
        return ExitCode.OK;
    }
}
