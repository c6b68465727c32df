package dev.signet.cli.verify;

import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.cli.DataDir;
import dev.signet.cli.ExitCode;
import dev.signet.cli.GlobalOptions;
import dev.signet.cli.LocalFiles;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.oci.ImageReference;
import dev.signet.cli.oci.ImageVerification;
import dev.signet.cli.oci.RegistryClient;
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
 * {@code signet verify}: checks a signature offline with signet-core alone (no server, no AWS SDK),
 * prints one line per check and exits 0 only when every check passed. With {@code --csc} it is a
 * deploy gate: the artifact is judged under a code signing policy, by the server ({@code POST
 * /v1/verify}) or, with {@code --offline --trust-bundle}, here; exit 0 allowed, 1 blocked.
 */
@Command(
        name = VerifyCommand.NAME,
        mixinStandardHelpOptions = true,
        description = {
            "Verify a detached or embedded signature offline (no server needed); with --csc, decide as a"
                    + " deploy gate.",
            "Prints 'OK <CHECK>: ...' or 'FAIL <CHECK> <REASON>: ...' per check; exits 0 if valid, 1 if not,"
                    + " 5 if Signet failed while verifying (no verdict).",
            "With --image REGISTRY/REPO@sha256:HEX: find the image's Notary signatures in the registry and"
                    + " verify them; exits 0 if at least one is valid.",
            "",
            "Deploy gate, as Lambda decides with a code signing config:",
            "  signet verify FILE [--signature SIG] --csc ARN|policy.json",
            "      asks the server (POST /v1/verify; the file is uploaded);",
            "  signet verify FILE [--signature SIG] --csc policy.json",
            "      --offline --trust-bundle BUNDLE [--trust ROOT.pem]",
            "      decides here, trusting the bundle from `signet trust-bundle export`.",
            "Integrity failures (changed, malformed) always block; an untrusted, expired or revoked signature"
                    + " blocks under Enforce and is a 'WARN <CHECK> <REASON>: ...' line under Warn; no signature at"
                    + " all is 'FAIL UNSIGNED' or 'WARN UNSIGNED' likewise (not an integrity failure).",
            "Ends with 'ALLOWED: FILE (...)' (exit 0) or 'BLOCKED: FILE (...)' (exit 1); an untrusted or"
                    + " unreadable trust bundle exits 2 without deciding."
        })
public final class VerifyCommand implements Callable<Integer> {
    /** The command's name (SignetCommand lists it by this name). */
    public static final String NAME = "verify";

    private static final int MAX_SIGNATURE_BYTES = 16 << 20;

    @Spec
    CommandSpec spec;

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
            description = {
                "Trusted root certificate(s), PEM; repeatable (default: DATA/ca/root.pem).",
                "With --offline: the trust bundle's root must be one of these."
            })
    List<Path> trust = new ArrayList<>();

    @Option(
            names = "--csc",
            paramLabel = "ARN|FILE",
            description = "Decide as a Lambda code signing config would: its ARN (looked up by the server) or a"
                    + " policy file, for example the output of `aws lambda get-code-signing-config`.")
    String csc;

    @Option(
            names = "--offline",
            description = "With --csc policy.json: decide here, with no server, from --trust-bundle.")
    boolean offline;

    @Option(
            names = "--trust-bundle",
            paramLabel = "BUNDLE",
            description = "The trust bundle for --offline (from `signet trust-bundle export`).")
    Path trustBundle;

    private GlobalOptions global;

    private OutputOptions output;

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        this.global = SignetCommand.global(spec);
        this.output = global.output();
        if (csc != null) {
            return gate(context);
        }
        if (offline || trustBundle != null || global.endpoint().isPresent()) {
            throw CliException.usage("--offline, --trust-bundle and --endpoint go with --csc ARN|policy.json");
        }
        if (image != null) {
            if (file != null || signature != null) {
                throw CliException.usage("--image verifies a registry image: give no FILE or --signature");
            }
            ImageReference ref = registry.parse(image);
            Verifier verifier = Verifier.builder()
                    .trustedRoots(TrustAnchors.load(trustFiles(context)))
                    .build();
            try (RegistryClient client = registry.client(context, ref)) {
                return ImageVerification.run(context.out(), client, ref, verifier, Clock.systemUTC());
            }
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
        requireJudged(result);
        print(context.out(), artifact, result);
        return result.valid() ? ExitCode.OK : ExitCode.INVALID;
    }

    /** {@code --csc}: the deploy gate, online or offline. */
    private int gate(CliContext context) {
        if (image != null) {
            throw CliException.usage("--csc judges a FILE; it does not take --image");
        }
        if (file == null) {
            throw CliException.usage("give FILE (and --signature SIG for a detached signature) to judge with --csc");
        }
        CscArgument policy = CscArgument.parse(context, csc);
        if (offline && policy.arn().isPresent()) {
            throw CliException.usage("--offline cannot look up a code signing config ARN: pass its policy as a file,"
                    + " e.g. `aws lambda get-code-signing-config --code-signing-config-arn ARN > policy.json`");
        }
        if (offline && trustBundle == null) {
            throw CliException.usage("--offline needs --trust-bundle BUNDLE (from `signet trust-bundle export`)");
        }
        if (!offline && trustBundle != null) {
            throw CliException.usage("--trust-bundle is for --offline; online, the server's trust data is used");
        }
        if (!offline && !trust.isEmpty()) {
            throw CliException.usage(
                    "--trust pins the trust bundle's root with --offline; online, the server's" + " roots are used");
        }
        Path artifact = LocalFiles.requireReadable(context.resolve(file), "file");
        Optional<byte[]> sig = signature == null
                ? Optional.empty()
                : Optional.of(LocalFiles.readSmall(context.resolve(signature), "signature", MAX_SIGNATURE_BYTES));
        Clock clock = Clock.systemUTC();
        DecisionReport report;
        if (offline) {
            List<X509Certificate> pinned =
                    TrustAnchors.load(trust.stream().map(context::resolve).toList());
            report = OfflineGate.decide(
                    artifact, sig.orElse(new byte[0]), policy.policy(), context.resolve(trustBundle), pinned, clock);
        } else {
            report = OnlineGate.decide(global.client().settings(context), artifact, sig, policy);
        }
        print(context, file.toString(), report, clock);
        return report.allowed() ? ExitCode.OK : ExitCode.BLOCKED;
    }

    /**
     * A verification Signet could not finish is its own failure, not a verdict: no check lines, exit
     * code 5, the cause's stack trace with {@code --debug}.
     *
     * @throws CliException (internal) when the verifier reported an internal error
     */
    static void requireJudged(VerificationResult result) {
        result.internalError().ifPresent(failure -> {
            throw new CliException(
                    ExitCode.INTERNAL,
                    "internal error: " + failure.getMessage() + " (rerun with --debug for the stack trace)",
                    failure);
        });
    }

    private void print(CliContext context, String artifact, DecisionReport report, Clock clock) {
        if (output.json()) {
            report.staleNotice(clock.instant()).ifPresent(context.err()::println);
            context.err().flush();
        }
        output.print(
                context.out(),
                report.json(),
                () -> report.textLines(artifact, clock.instant()).forEach(context.out()::println));
    }

    private List<Path> trustFiles(CliContext context) {
        if (!trust.isEmpty()) {
            return trust.stream().map(context::resolve).toList();
        }
        Path root = DataDir.caRoot(DataDir.resolve(context, global.data()));
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
