package dev.signet.cli.oci;

import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.core.format.notation.OciDescriptor;

/** Resolves an image reference to its OCI descriptor by fetching (and digest-checking) its manifest. */
public final class ImageDescriptors {
    private ImageDescriptors() {}

    public static OciDescriptor resolve(RegistryClient registry, ImageReference image) {
        if (!image.digest().startsWith("sha256:")) {
            throw CliException.usage("only sha256 image digests are supported");
        }
        RegistryClient.Manifest m = registry.manifest(image.digest())
                .orElseThrow(
                        () -> new CliException(ExitCode.UNAVAILABLE, "image " + image + " is not in the registry"));
        try {
            return new OciDescriptor(m.mediaType(), m.digest(), m.bytes().length);
        } catch (IllegalArgumentException e) {
            throw new CliException(
                    ExitCode.UNAVAILABLE, "the registry gave the image a bad media type: " + e.getMessage());
        }
    }
}
