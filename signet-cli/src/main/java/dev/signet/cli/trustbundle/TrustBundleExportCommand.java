package dev.signet.cli.trustbundle;

import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.GlobalOptions;
import dev.signet.cli.LocalFiles;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.client.NativeApiClient;
import dev.signet.cli.output.OutputOptions;
import dev.signet.core.revocation.RevocationDataException;
import dev.signet.core.revocation.RevocationList;
import dev.signet.core.revocation.TrustBundle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet trust-bundle export}: fetches the signed trust bundle ({@code GET /v1/trust-bundle},
 * authenticated) and writes it, after checking it the way an offline verifier will ({@link
 * TrustBundle#parse}): a bundle this command writes is one {@code signet verify --offline} accepts.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Fetch the signed trust bundle for `signet verify --csc policy.json --offline --trust-bundle FILE`.",
            "It holds the deployment's roots, the time-stamp authority's chain and the revocation list, which"
                    + " is valid for 7 days: export again before its next update.",
            "--out names the file (- for standard output); -o/--output is the output format, as for every" + " command."
        })
public final class TrustBundleExportCommand implements Callable<Integer> {
    public static final String DEFAULT_FILE = "signet-trust-bundle.jose";
    static final String PATH = "/v1/trust-bundle";
    private static final int MAX_BUNDLE_BYTES = 64 << 20;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Where to write it; - for standard output (default: " + DEFAULT_FILE + ").")
    String out = DEFAULT_FILE;

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        GlobalOptions global = SignetCommand.global(spec);
        OutputOptions output = global.output();
        boolean toStdout = out.equals("-");
        if (toStdout && output.json()) {
            throw CliException.usage("--out - writes the bundle itself to standard output; --output json describes a"
                    + " bundle written to a file");
        }
        Path target = toStdout ? null : LocalFiles.requireWritable(context.resolve(Path.of(out)));
        NativeApiClient.Download download =
                new NativeApiClient(global.client().settings(context)).get(PATH, MAX_BUNDLE_BYTES);
        byte[] bytes = download.body();
        TrustBundle bundle;
        try {
            bundle = TrustBundle.parse(bytes);
        } catch (RevocationDataException e) {
            throw new CliException(
                    ExitCode.UNAVAILABLE, "the server sent a trust bundle that does not verify: " + e.getMessage(), e);
        }
        if (toStdout) {
            context.out().print(new String(bytes, StandardCharsets.US_ASCII));
            context.out().flush();
            context.err().println(summary("trust bundle", bundle));
        } else {
            LocalFiles.writeAtomically(target, bytes);
            output.print(
                    context.out(),
                    json(target, bundle),
                    () -> context.out().println(summary("wrote " + target, bundle)));
        }
        return ExitCode.OK;
    }

    /** What {@code --output json} prints about the bundle it wrote. */
    private static Map<String, Object> json(Path target, TrustBundle bundle) {
        RevocationList list = bundle.revocationList();
        X509Certificate root = bundle.roots().get(0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", target.toString());
        m.put("root", root.getSubjectX500Principal().getName());
        m.put("sha256Fingerprint", fingerprint(root));
        m.put("revokedSignatures", list.signatures().size());
        m.put("revokedProfileVersions", list.profileVersions().size());
        m.put("issuedAt", list.issuedAt().toString());
        m.put("nextUpdate", list.nextUpdate().toString());
        return m;
    }

    private static String summary(String what, TrustBundle bundle) {
        RevocationList list = bundle.revocationList();
        X509Certificate root = bundle.roots().get(0);
        return what + " (root " + root.getSubjectX500Principal().getName() + ", SHA-256 " + fingerprint(root) + "; "
                + list.signatures().size() + " revoked signature(s), "
                + list.profileVersions().size()
                + " revoked profile version(s); revocation list issued " + list.issuedAt() + ", next update "
                + list.nextUpdate() + ")";
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("SHA-256 over a parsed certificate cannot fail", e);
        }
    }
}
