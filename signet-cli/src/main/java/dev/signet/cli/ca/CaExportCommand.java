package dev.signet.cli.ca;

import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.LocalFiles;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.client.ClientOptions;
import dev.signet.cli.output.OutputOptions;
import dev.signet.core.ca.Pem;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet ca export}: every root certificate of the CA (PEM, oldest first) from the server,
 * for verifiers to trust. They come over plain HTTP by default, so {@code --fingerprint} pins one of
 * them: a pin that matches no root is refused, and so is any other root unless a cross certificate
 * signed by an accepted root certifies it ({@link RootLinks}); then nothing is written or printed.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Fetch the deployment's root certificates (PEM, oldest first; more than one after a root",
            "renewal) from the server."
        })
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
                "Accept the roots only if one has this SHA-256 fingerprint (64 hex digits, colons optional, as"
                        + " `openssl x509 -noout -fingerprint -sha256` prints it; `signet server` logs the first"
                        + " root's at start-up) and every other one is certified by it through the CA's cross"
                        + " certificates; else nothing is written or printed and the exit code is 1."
            })
    String fingerprint;

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        Path target = out == null ? null : LocalFiles.requireWritable(context.resolve(out));
        Optional<String> pinned = Optional.ofNullable(fingerprint).map(RootFingerprint::parsePin);
        URI endpoint = client().endpoint(context);
        List<X509Certificate> roots = RootFetcher.roots(endpoint);
        if (pinned.isPresent()) {
            X509Certificate anchor = roots.stream()
                    .filter(r -> RootFingerprint.of(r).equals(pinned.get()))
                    .findFirst()
                    .orElseThrow(() -> new CliException(
                            ExitCode.INVALID,
                            (roots.size() == 1
                                            ? "the server's root certificate has SHA-256 fingerprint "
                                            : "the server's root certificates have SHA-256 fingerprints ")
                                    + String.join(
                                            ", ",
                                            roots.stream()
                                                    .map(RootFingerprint::of)
                                                    .toList())
                                    + ", not the pinned " + pinned.get() + ": refused, nothing written"));
            if (roots.size() > 1) {
                RootLinks.requireLinked(roots, anchor, RootFetcher.crossCertificates(endpoint));
            }
        }
        StringBuilder text = new StringBuilder();
        roots.forEach(r -> text.append(Pem.encode(r)));
        String pem = text.toString();
        if (target != null) {
            LocalFiles.writeAtomically(target, pem.getBytes(StandardCharsets.US_ASCII));
        }
        X509Certificate first = roots.get(0);
        Map<String, Object> json = new LinkedHashMap<>();
        if (target != null) {
            json.put("path", target.toString());
        }
        // the first root at the top, as before renewals existed: every chain the CA hands out reaches it
        json.put("subject", first.getSubjectX500Principal().getName());
        json.put("sha256Fingerprint", RootFingerprint.of(first));
        json.put("notAfter", first.getNotAfter().toInstant().toString());
        json.put("roots", roots.stream().map(CaExportCommand::describe).toList());
        json.put("pem", pem);
        output().print(context.out(), json, () -> {
            if (target == null) {
                context.out().print(pem);
            } else {
                context.out()
                        .println("wrote " + target + " ("
                                + String.join(
                                        "; ",
                                        roots.stream()
                                                .map(r -> r.getSubjectX500Principal()
                                                                .getName() + ", SHA-256 " + RootFingerprint.of(r))
                                                .toList())
                                + ")");
            }
        });
        return ExitCode.OK;
    }

    private static Map<String, Object> describe(X509Certificate root) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("subject", root.getSubjectX500Principal().getName());
        out.put("sha256Fingerprint", RootFingerprint.of(root));
        out.put("notAfter", root.getNotAfter().toInstant().toString());
        return out;
    }
}
