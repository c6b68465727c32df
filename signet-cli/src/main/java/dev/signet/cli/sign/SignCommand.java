package dev.signet.cli.sign;

import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.LocalFiles;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.client.ClientOptions;
import dev.signet.cli.client.ClientSettings;
import dev.signet.cli.client.PayloadSigningClient;
import dev.signet.cli.client.ProfileView;
import dev.signet.cli.client.SignedPayload;
import dev.signet.cli.client.SignerApi;
import dev.signet.cli.oci.ImageReference;
import dev.signet.cli.oci.ImageSigning;
import dev.signet.cli.oci.RegistryClient;
import dev.signet.cli.oci.RegistryOptions;
import dev.signet.cli.output.OutputOptions;
import dev.signet.core.crypto.HashAlgorithm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signet sign}: hashes local files client-side (SHA-256, streamed) and has the server sign
 * each digest with SignPayload; writes each detached CMS signature next to its file. The artifacts
 * themselves never leave the machine. Many files are signed in one call: one profile look-up, then
 * up to {@link BatchSigner#MAX_THREADS} files hashed and signed at a time over persistent
 * connections, the signatures written and reported in the order the files were given; on a failure
 * the files before it are signed and reported, the error is that file's, and no file after it gets a
 * signature (see {@link BatchSigner}). Every file is checked readable and every target writable
 * before the first is signed.
 */
@Command(
        name = SignCommand.NAME,
        mixinStandardHelpOptions = true,
        description = {
            "Sign local files with a Signet-CMS-* profile; writes FILE.p7s for each and prints the job ids.",
            "Each file is hashed here (SHA-256; a progress bar for one large file); only the digest is sent"
                    + " (SignPayload). The signature is a detached CMS SignedData (DER).",
            "With --image REGISTRY/REPO@sha256:HEX and a Notation-OCI-SHA384-ECDSA profile: signs the image's"
                    + " descriptor and pushes the Notary signature to the registry."
        })
public final class SignCommand implements Callable<Integer> {
    /** The command's name (SignetCommand lists it by this name). */
    public static final String NAME = "sign";

    /** The SignPayload payloadFormat for a client-computed SHA-256 digest (Signet-CMS-* platforms). */
    public static final String DIGEST_PAYLOAD_FORMAT = "application/vnd.signet.digest+sha256";

    private static final String CMS_PLATFORM_PREFIX = "Signet-CMS-SHA256-";
    private static final String NOTATION_PLATFORM = "Notation-OCI-SHA384-ECDSA";

    @Spec
    CommandSpec spec;

    private ClientOptions client() {
        return SignetCommand.global(spec).client();
    }

    private OutputOptions output() {
        return SignetCommand.global(spec).output();
    }

    @Parameters(
            arity = "0..*",
            paramLabel = "FILE",
            description = "The files to sign (up to 8 at a time; reported in this order).")
    List<Path> files = new ArrayList<>();

    @Option(
            names = "--image",
            paramLabel = "REF",
            description = "Sign an OCI image by digest instead of a file: [http://]REGISTRY/REPO@sha256:HEX.")
    String image;

    @Mixin
    RegistryOptions registry;

    @Option(
            names = {"-p", "--profile"},
            required = true,
            paramLabel = "NAME",
            description = "Signing profile (platform Signet-CMS-SHA256-ECDSA or -RSA).")
    String profile;

    @Option(
            names = "--out",
            paramLabel = "SIG",
            description = "Where to write the signature of a single FILE (default: FILE.p7s).")
    Path out;

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        if (image != null) {
            return signImage(context);
        }
        if (files.isEmpty()) {
            throw CliException.usage("give a FILE to sign, or --image REF");
        }
        if (out != null && files.size() > 1) {
            throw CliException.usage("--out names the signature of a single FILE; with several, each gets FILE.p7s");
        }
        List<Path> artifacts = new ArrayList<>();
        List<Path> targets = new ArrayList<>();
        for (Path file : files) {
            Path artifact = LocalFiles.requireReadable(context.resolve(file), "file");
            artifacts.add(artifact);
            targets.add(LocalFiles.requireWritable(
                    out == null ? artifact.resolveSibling(artifact.getFileName() + ".p7s") : context.resolve(out)));
        }
        ClientSettings settings = client().settings(context);
        List<Map<String, Object>> results = new ArrayList<>();
        try (PayloadSigningClient api = new PayloadSigningClient(settings)) {
            ProfileView view = api.getProfile(profile);
            String platform = view.platformId().orElse("");
            if (!platform.startsWith(CMS_PLATFORM_PREFIX)) {
                throw new CliException(
                        ExitCode.USAGE,
                        "profile " + profile + " is on platform " + platform
                                + "; signet sign supports Signet-CMS-SHA256-ECDSA and Signet-CMS-SHA256-RSA profiles");
            }
            // one file: a progress bar when hashing a large one on a terminal; several: the lines are the progress
            boolean progress = artifacts.size() == 1 && System.console() != null;
            BatchSigner.run(
                    artifacts,
                    targets,
                    BatchSigner.threadsFor(artifacts.size()),
                    artifact -> api.signPayload(
                            profile,
                            FileHasher.digest(HashAlgorithm.SHA256, artifact, progress, System.err),
                            DIGEST_PAYLOAD_FORMAT),
                    (artifact, target, signed) -> {
                        if (output().json()) {
                            results.add(json(artifact, target, signed));
                        } else {
                            // one flush per file: the two lines of a file together
                            context.out().print("signed " + artifact + " -> " + target + System.lineSeparator());
                            context.out().println("job " + signed.jobId());
                        }
                    });
        }
        if (output().json()) {
            output().print(context.out(), results.size() == 1 ? results.get(0) : Map.of("signed", results), () -> {});
        }
        context.out().flush();
        return ExitCode.OK;
    }

    private int signImage(CliContext context) {
        if (!files.isEmpty() || out != null) {
            throw CliException.usage("--image signs a registry image: give no FILE or --out");
        }
        ImageReference ref = registry.parse(image);
        ClientSettings settings = client().settings(context);
        ImageSigning.Result result;
        try (SignerApi api = SignerApi.open(settings)) {
            String platform = api.getProfile(profile).platformId().orElse("");
            if (!platform.equals(NOTATION_PLATFORM)) {
                throw new CliException(
                        ExitCode.USAGE,
                        "profile " + profile + " is on platform " + platform + "; --image needs a " + NOTATION_PLATFORM
                                + " profile");
            }
            try (RegistryClient client = registry.client(context, ref)) {
                result = ImageSigning.run(api, profile, client, ref);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", ref.toString());
        m.put("mediaType", result.image().mediaType());
        m.put("size", result.image().size());
        m.put("signatureManifest", result.pushed().manifestDigest());
        m.put("referrersApi", result.pushed().referrersApi());
        m.put("jobId", result.signed().jobId());
        output().print(context.out(), m, () -> {
            context.out()
                    .println("signed " + ref + " -> signature manifest "
                            + result.pushed().manifestDigest());
            context.out()
                    .println(
                            result.pushed().referrersApi()
                                    ? "stored with the registry's referrers API"
                                    : "listed in referrers tag "
                                            + result.pushed().tagSchemaTag());
            context.out().println("job " + result.signed().jobId());
        });
        return ExitCode.OK;
    }

    private Map<String, Object> json(Path artifact, Path target, SignedPayload signed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", artifact.toString());
        m.put("signature", target.toString());
        m.put("profileName", profile);
        m.put("jobId", signed.jobId());
        m.put("jobOwner", signed.jobOwner());
        m.put("metadata", new LinkedHashMap<>(signed.metadata()));
        return m;
    }
}
