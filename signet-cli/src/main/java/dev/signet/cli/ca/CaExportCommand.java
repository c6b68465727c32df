package dev.signet.cli.ca;

import dev.signet.cli.CliContext;
import dev.signet.cli.ExitCode;
import dev.signet.cli.LocalFiles;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.client.ClientOptions;
import dev.signet.cli.output.OutputOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code signet ca export}: the root certificate (PEM) from the server, for verifiers to trust. */
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

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        Path target = out == null ? null : LocalFiles.requireWritable(context.resolve(out));
        RootFetcher.Root root = RootFetcher.fetch(client().endpoint(context));
        if (target != null) {
            LocalFiles.writeAtomically(target, root.pem().getBytes(StandardCharsets.US_ASCII));
        }
        String fingerprint = fingerprint(root);
        Map<String, Object> json = new LinkedHashMap<>();
        if (target != null) {
            json.put("path", target.toString());
        }
        json.put("subject", root.certificate().getSubjectX500Principal().getName());
        json.put("sha256Fingerprint", fingerprint);
        json.put("notAfter", root.certificate().getNotAfter().toInstant().toString());
        json.put("pem", root.pem());
        output().print(context.out(), json, () -> {
            if (target == null) {
                context.out().print(root.pem());
            } else {
                context.out()
                        .println("wrote " + target + " ("
                                + root.certificate().getSubjectX500Principal().getName() + ", SHA-256 " + fingerprint
                                + ")");
            }
        });
        return ExitCode.OK;
    }

    private static String fingerprint(RootFetcher.Root root) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(root.certificate().getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("SHA-256 over a parsed certificate cannot fail", e);
        }
    }
}
