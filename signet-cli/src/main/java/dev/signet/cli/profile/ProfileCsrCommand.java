package dev.signet.cli.profile;

import dev.signet.cli.CliContext;
import dev.signet.cli.ExitCode;
import dev.signet.cli.LocalFiles;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.client.NativeApiClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code signet profile csr}: the PKCS#10 request of a profile made with --external-certificate. */
@Command(
        name = "csr",
        mixinStandardHelpOptions = true,
        description = {
            "Print (or write) the PKCS#10 certificate signing request of a profile made with",
            "--external-certificate, signed by the profile's key where it lives. Send it to your CA."
        })
public final class ProfileCsrCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Profile name.")
    String name;

    @Option(
            names = "--subject",
            paramLabel = "DN",
            description = "The subject to request, e.g. \"CN=Example Code Signing,O=Example Ltd\" (default: CN=NAME).")
    String subject;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the CSR (PEM) here instead of printing it.")
    Path out;

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("profileName", name);
        if (subject != null) {
            body.put("subject", subject);
        }
        Path target = out == null ? null : LocalFiles.requireWritable(context.resolve(out));
        String csr = new NativeApiClient(SignetCommand.global(spec).client().settings(context))
                .post("/v1/profiles/csr", body)
                .path("csr")
                .asText();
        if (target != null) {
            LocalFiles.writeAtomically(target, csr.getBytes(StandardCharsets.US_ASCII));
            SignetCommand.global(spec)
                    .output()
                    .print(
                            context.out(),
                            Map.of("csrFile", target.toString()),
                            () -> context.out().println("wrote " + target));
        } else {
            SignetCommand.global(spec)
                    .output()
                    .print(
                            context.out(),
                            Map.of("csr", csr),
                            () -> context.out().print(csr));
        }
        return ExitCode.OK;
    }
}
