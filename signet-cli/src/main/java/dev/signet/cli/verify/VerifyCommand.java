package dev.signet.cli.verify;

import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.cli.DataDir;
import dev.signet.cli.ExitCode;
import dev.signet.cli.LocalFiles;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.oci.ImageReference;
import dev.signet.cli.oci.ImageVerification;
import dev.signet.cli.oci.RegistryOptions;
import dev.signet.cli.output.OutputOptions;
import dev.signet.core.format.Subject;
import dev.signet.core.verify.CheckResult;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signet verify}: checks a signature offline with signet-core alone (no server, no AWS SDK).
 * Prints one line per check and exits 0 only when every check passed.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Verify a detached or embedded signature offline (no server needed).",
            "With --image REGISTRY/REPO@sha256:HEX: find the image's Notary signatures in the registry and"
                    + " verify them; exits 0 if at least one is valid.",
            "Prints 'OK <CHECK>: ...' or 'FAIL <CHECK> <REASON>: ...' per check; exits 0 if valid, 1 if not."
        })
public final class VerifyCommand implements Callable<Integer> {
    private static final int MAX_SIGNATURE_BYTES = 16 << 20;

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The signed artifact.")
    Path file;

    @Option(
            names = "--image",
            paramLabel = "REF",
            description = "Verify the Notary signatures of an OCI image: [http://]REGISTRY/REPO@sha256:HEX.")
    String image;

    @Mixin
    RegistryOptions registry;

    @Option(
            names = "--signature",
            paramLabel = "SIG",
            description = {
                "The detached signature, e.g. FILE.p7s, FILE.asc or the IoT JSON.",
                "Omit it for signatures embedded in FILE (signed Lambda zip, FreeRTOS JSON image,",
                "signed JAR, Authenticode PE/MSI)."
            })
    Path signature;

    @Option(
            names = "--trust",
            paramLabel = "ROOT.pem",
            description = "Trusted root certificate(s), PEM; repeatable (default: DATA/ca/root.pem).")
    List<Path> trust = new ArrayList<>();

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description =
                    "Local data directory for the default trust root (default: $SIGNET_HOME, else ./signet-data).")
    Path data;

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        if (image != null) {
            if (file != null || signature != null) {
                throw CliException.usage("--image verifies a registry image: give no FILE or --signature");
            }
            ImageReference ref = registry.parse(image);
            Verifier verifier = Verifier.builder()
                    .trustedRoots(TrustAnchors.load(trustFiles(context)))
                    .build();
            return ImageVerification.run(
                    context.out(), registry.client(context, ref), ref, verifier, Clock.systemUTC());
        }
        if (file == null) {
            throw CliException.usage("give FILE (and --signature SIG for a detached signature), or --image REF");
        }
        Path artifact = LocalFiles.requireReadable(context.resolve(file), "file");
        byte[] sig = signature == null
                ? new byte[0]
                : LocalFiles.readSmall(context.resolve(signature), "signature", MAX_SIGNATURE_BYTES);
        List<X509Certificate> roots = TrustAnchors.load(trustFiles(context));
        VerificationResult result =
                Verifier.builder().trustedRoots(roots).build().verify(new Subject.File(artifact), sig);
        print(context.out(), artifact, result);
        return result.valid() ? ExitCode.OK : ExitCode.INVALID;
    }

    private List<Path> trustFiles(CliContext context) {
        if (!trust.isEmpty()) {
            return trust.stream().map(context::resolve).toList();
        }
        Path root = DataDir.caRoot(DataDir.resolve(context, Optional.ofNullable(data)));
        if (!Files.isRegularFile(root)) {
            throw CliException.usage("no trust anchor: pass --trust ROOT.pem (from `signet ca export`);"
                    + " no local CA root at " + root);
        }
        return List.of(root);
    }

    private void print(PrintWriter out, Path artifact, VerificationResult result) {
        output.print(out, json(artifact, result), () -> {
            for (CheckResult c : result.checks()) {
                out.println(line(c));
            }
            int failed = result.failures().size();
            out.println(
                    failed == 0
                            ? "VALID: " + artifact
                            : "INVALID: " + artifact + " (" + failed + " of "
                                    + result.checks().size() + " checks failed)");
        });
    }

    /** {@code OK <CHECK>: message} or {@code FAIL <CHECK> <REASON>: message}. */
    static String line(CheckResult c) {
        String message = c.message().replace('\n', ' ');
        return c.passed()
                ? "OK " + c.check() + ": " + message
                : "FAIL " + c.check() + " " + c.reason() + ": " + message;
    }

    private Map<String, Object> json(Path artifact, VerificationResult result) {
        List<Object> checks = new ArrayList<>();
        for (CheckResult c : result.checks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("check", c.check().name());
            m.put("passed", c.passed());
            m.put("reason", c.reason().name());
            m.put("message", c.message());
            checks.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", artifact.toString());
        m.put("valid", result.valid());
        m.put("checks", checks);
        return m;
    }
}
