package dev.signet.cli.oci;

import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.client.SignedPayload;
import dev.signet.cli.client.SignerApi;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.notation.NotaryPayload;
import dev.signet.core.format.notation.NotationJwsFormat;
import dev.signet.core.format.notation.OciDescriptor;

/**
 * {@code signet sign --image}: resolves the image's descriptor, has the server sign the Notary
 * payload naming it (SignPayload, {@value NotaryPayload#MEDIA_TYPE}), checks that the returned
 * envelope names that descriptor, and pushes it to the registry ({@link NotarySignatureStore}).
 */
public final class ImageSigning {
    private ImageSigning() {}

    /** What was signed and stored. */
    public record Result(OciDescriptor image, SignedPayload signed, NotarySignatureStore.Pushed pushed) {}

    public static Result run(SignerApi api, String profile, RegistryClient registry, ImageReference image) {
        OciDescriptor descriptor = ImageDescriptors.resolve(registry, image);
        SignedPayload signed =
                api.signPayload(profile, new NotaryPayload(descriptor).toJson(), NotaryPayload.MEDIA_TYPE);
        try {
            if (!NotationJwsFormat.describe(signed.signature()).target().equals(descriptor)) {
                throw new CliException(ExitCode.UNAVAILABLE, "the server signed another descriptor");
            }
        } catch (FormatException e) {
            throw new CliException(ExitCode.UNAVAILABLE, "the server returned a malformed envelope: " + e.getMessage());
        }
        if (signed.signature().length > NotarySignatureStore.MAX_ENVELOPE) {
            throw new CliException(ExitCode.UNAVAILABLE, "the server returned an oversized envelope");
        }
        return new Result(descriptor, signed, new NotarySignatureStore(registry).push(descriptor, signed.signature()));
    }
}
