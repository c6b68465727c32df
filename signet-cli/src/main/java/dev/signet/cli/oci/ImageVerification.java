package dev.signet.cli.oci;

import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.Subject;
import dev.signet.core.format.notation.NotaryPayload;
import dev.signet.core.format.notation.NotationJwsFormat;
import dev.signet.core.format.notation.OciDescriptor;
import dev.signet.core.verify.CheckResult;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * {@code signet verify --image}: finds the image's Notary signatures in the registry and verifies
 * each offline against the trusted roots. A signature is valid when its manifest's subject and the
 * envelope's signed descriptor both equal the image's descriptor (media type, digest, size), every
 * Verifier check passes, and its {@code io.cncf.notary.expiry} has not passed. Prints one line per
 * signature and check; exits 0 when at least one signature is valid, 1 otherwise, 5 (no verdict) when
 * Signet failed while verifying one.
 */
public final class ImageVerification {
    private ImageVerification() {}

    public static int run(
            PrintWriter out, RegistryClient registry, ImageReference image, Verifier verifier, Clock clock) {
        OciDescriptor descriptor = ImageDescriptors.resolve(registry, image);
        List<NotarySignatureStore.Found> found = new NotarySignatureStore(registry).find(descriptor);
        out.println("image " + image + " (" + descriptor.mediaType() + ", " + descriptor.size() + " bytes): "
                + found.size() + " Notary signature(s)");
        Subject subject = new Subject.Payload(NotaryPayload.MEDIA_TYPE, new NotaryPayload(descriptor).toJson());
        int valid = 0;
        for (NotarySignatureStore.Found f : found) {
            if (check(out, f, descriptor, subject, verifier, clock.instant())) {
                valid++;
            }
        }
        out.println(
                valid > 0
                        ? "VALID: " + valid + " of " + found.size() + " signature(s) verified for " + image
                        : "INVALID: no valid Notary signature for " + image);
        return valid > 0 ? ExitCode.OK : ExitCode.INVALID;
    }

    private static boolean check(
            PrintWriter out,
            NotarySignatureStore.Found f,
            OciDescriptor image,
            Subject subject,
            Verifier verifier,
            Instant now) {
        String prefix = "signature " + f.manifestDigest() + ": ";
        if (f.envelope().isEmpty()) {
            out.println("FAIL " + prefix + f.problem());
            return false;
        }
        if (!f.subject().map(image::equals).orElse(false)) {
            out.println("FAIL " + prefix + "SUBJECT: the signature manifest's subject is not this image");
            return false;
        }
        VerificationResult result = verifier.verify(subject, f.envelope().get());
        result.internalError().ifPresent(failure -> {
            throw new CliException(
                    ExitCode.INTERNAL,
                    "internal error: " + failure.getMessage() + " (rerun with --debug for the stack trace)",
                    failure);
        });
        boolean ok = result.valid();
        for (CheckResult c : result.checks()) {
            out.println((c.passed() ? "OK " : "FAIL ") + prefix + c.check() + (c.passed() ? "" : " " + c.reason())
                    + ": " + c.message().replace('\n', ' '));
        }
        if (ok) {
            try {
                var info = NotationJwsFormat.describe(f.envelope().get());
                if (info.expiry().isPresent() && !now.isBefore(info.expiry().get())) {
                    out.println("FAIL " + prefix + "NOTARY_EXPIRY: the signature expired at "
                            + info.expiry().get());
                    ok = false;
                } else {
                    out.println("OK " + prefix + "NOTARY_EXPIRY: "
                            + info.expiry().map(e -> "valid until " + e).orElse("no expiry"));
                }
            } catch (FormatException e) {
                out.println("FAIL " + prefix + "MALFORMED: " + e.getMessage());
                ok = false;
            }
        }
        return ok;
    }
}
