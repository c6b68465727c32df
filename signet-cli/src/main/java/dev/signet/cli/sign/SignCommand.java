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
import dev.signet.core.files.AtomicFiles;
import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.ClientSignings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signet sign}: signs local files where they lie; only a digest and the few fields a format
 * signs are sent (SignPayload), never the artifacts. CMS profiles: each file's SHA-256, the detached
 * CMS signature written next to it. Platforms with a {@link ClientSigning} (Lambda zips, the AWS IoT
 * platforms, OpenPGP, jars, Authenticode PE images): the format's client half checks and hashes the file, and writes the output StartSigningJob
 * would write (a signed zip, the JSON document) from the server's checked answer ({@link
 * ClientSideSigner}); other platforms are refused, naming those signed here. Many files are signed in
 * one call: one profile look-up, then up to {@link BatchSigner#MAX_THREADS} files hashed and signed at
 * a time over persistent connections, the outputs written and reported in the order the files were
 * given; on a failure the files before it are signed and reported, the error is that file's, and no
 * file after it gets an output (see {@link BatchSigner}). Every file is checked readable and every
 * target writable before the first is signed; a file is written over only with {@code --in-place}.
 */
@Command(
        name = SignCommand.NAME,
        mixinStandardHelpOptions = true,
        description = {
            "Sign local files; only digests leave the machine (SignPayload). Prints each output and job id.",
            "Signet-CMS-* profiles: FILE.p7s, a detached CMS SignedData (DER) over the file's SHA-256.",
            "AWSLambda-SHA384-ECDSA: NAME.signed.zip, the zip with its signature entry (or FILE itself with"
                    + " --in-place).",
            "AWS IoT platforms: FILE.json, the JSON signature document (the image embedded for FreeRTOS).",
            "Signet-OpenPGP-SHA256: FILE.asc (the SHA-256 state and the file's last size mod 64 bytes are sent,"
                    + " so that the server adds the signature's trailer).",
            "Signet-JAR-SHA256-ECDSA: NAME.signed.jar, the signed jar (or FILE itself with --in-place); its"
                    + " signature file (entry names and digests) is sent.",
            "Signet-Authenticode-SHA256-RSA: NAME.signed.exe, the PE with its Authenticode signature embedded (or"
                    + " FILE itself with --in-place); only the PE's Authenticode digest is sent.",
            "Each file is hashed here (a progress bar for one large file).",
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
            description =
                    "Signing profile (Signet-CMS-*, AWSLambda-SHA384-ECDSA, an AWS IoT platform, Signet-OpenPGP-SHA256,"
                            + " Signet-JAR-SHA256-ECDSA, Signet-Authenticode-SHA256-RSA).")
    String profile;

    @Option(
            names = "--out",
            paramLabel = "OUT",
            description =
                    "Where to write the output of a single FILE (default: FILE.p7s, NAME.signed.zip, FILE.json, FILE.asc,"
                            + " NAME.signed.jar, NAME.signed.exe).")
    Path out;

    @Option(
            names = "--in-place",
            description =
                    "Write the signed artifact over FILE (platforms that embed the signature: Lambda zips, jars, PE images).")
    boolean inPlace;

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
            throw CliException.usage("--out names the output of a single FILE; with several, each gets its own");
        }
        if (inPlace && out != null) {
            throw CliException.usage("--in-place writes over FILE: give no --out with it");
        }
        List<Path> artifacts = new ArrayList<>();
        for (Path file : files) {
            artifacts.add(LocalFiles.requireReadable(context.resolve(file), "file"));
        }
        ClientSettings settings = client().settings(context);
        List<Map<String, Object>> results = new ArrayList<>();
        BatchSigner.Listener listener = (artifact, target, signed) -> {
            if (output().json()) {
                results.add(json(artifact, target, signed));
            } else {
                // one flush per file: the two lines of a file together
                context.out().print("signed " + artifact + " -> " + target + System.lineSeparator());
                context.out().println("job " + signed.jobId());
            }
        };
        try (PayloadSigningClient api = new PayloadSigningClient(settings)) {
            ProfileView view = api.getProfile(profile);
            String platform = view.platformId().orElse("");
            // one file: a progress bar when hashing a large one on a terminal; several: the lines are the progress
            boolean progress = artifacts.size() == 1 && System.console() != null;
            int threads = BatchSigner.threadsFor(artifacts.size());
            if (platform.startsWith(CMS_PLATFORM_PREFIX)) {
                if (inPlace) {
                    throw CliException.usage("--in-place writes a signed artifact; platform " + platform
                            + " writes detached signatures (FILE.p7s)");
                }
                List<Path> targets = targets(context, artifacts, a -> a.resolveSibling(a.getFileName() + ".p7s"));
                BatchSigner.run(
                        artifacts,
                        targets,
                        threads,
                        artifact -> api.signPayload(
                                profile,
                                FileHasher.digest(HashAlgorithm.SHA256, artifact, progress, System.err),
                                DIGEST_PAYLOAD_FORMAT),
                        listener);
            } else {
                ClientSigning signing = ClientSignings.forPlatform(platform).orElseThrow(() -> unsupported(platform));
                if (inPlace && !signing.embedsInArtifact()) {
                    throw CliException.usage("--in-place writes a signed artifact over FILE; platform " + platform
                            + " writes a separate output (" + signing.defaultOutput(Path.of("FILE")) + ")");
                }
                List<Path> targets = targets(context, artifacts, inPlace ? a -> a : signing::defaultOutput);
                BatchSigner.runWithOutputs(
                        artifacts,
                        targets,
                        threads,
                        // only an output written over its artifact must survive a crash: others are signed again
                        inPlace ? AtomicFiles.Durability.SYNCED : AtomicFiles.Durability.UNSYNCED,
                        new ClientSideSigner(signing, platform, api, profile, progress, System.err),
                        listener);
            }
        }
        if (output().json()) {
            output().print(context.out(), results.size() == 1 ? results.get(0) : Map.of("signed", results), () -> {});
        }
        context.out().flush();
        return ExitCode.OK;
    }

    /**
     * Where each file's output goes ({@code --out}, else {@code defaults}), every one checked writable
     * before the first file is signed; only {@code --in-place} writes over a file.
     */
    private List<Path> targets(CliContext context, List<Path> artifacts, UnaryOperator<Path> defaults) {
        List<Path> targets = new ArrayList<>();
        for (Path artifact : artifacts) {
            Path target = out == null ? defaults.apply(artifact) : context.resolve(out);
            if (!inPlace
                    && target.toAbsolutePath()
                            .normalize()
                            .equals(artifact.toAbsolutePath().normalize())) {
                throw CliException.usage(
                        "the output would replace " + artifact + ": give --in-place to sign it in place");
            }
            targets.add(LocalFiles.requireWritable(target));
        }
        return targets;
    }

    private static CliException unsupported(String platform) {
        List<String> signed = new ArrayList<>(List.of(CMS_PLATFORM_PREFIX + "ECDSA", CMS_PLATFORM_PREFIX + "RSA"));
        ClientSignings.all().stream()
                .flatMap(c -> c.platformIds().stream())
                .sorted()
                .forEach(signed::add);
        return new CliException(
                ExitCode.USAGE,
                "platform " + platform + " is not signed from here (sign its artifacts with StartSigningJob);"
                        + " signet sign signs files for " + String.join(", ", signed));
    }

    private int signImage(CliContext context) {
        if (!files.isEmpty() || out != null || inPlace) {
            throw CliException.usage("--image signs a registry image: give no FILE, --out or --in-place");
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
