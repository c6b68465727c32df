package dev.signet.server.service.job;

import dev.signet.core.format.SignatureFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What StartSigningJob refuses to sign, checked on the fetched source before any key is used: an
 * empty object, and an artifact that already is or carries the platform format's signature. Each
 * refusal is a one-line reason fit for a job's {@code statusReason}. What a format cannot sign (a
 * file that is not a zip, a zip with no entries) is the format's to refuse when it signs.
 */
final class SourceChecks {

    private SourceChecks() {}

    /** The reason to refuse {@code source}, or empty when it may be signed. */
    static Optional<String> refusal(Path source, Optional<SignatureFormat> format) throws IOException {
        if (Files.size(source) == 0) {
            return Optional.of("source object is empty; there is nothing to sign");
        }
        if (format.isPresent() && format.get().isSigned(source)) {
            return Optional.of("source object is already signed (it carries a "
                    + format.get().id() + " signature); sign the original artifact instead");
        }
        return Optional.empty();
    }
}
