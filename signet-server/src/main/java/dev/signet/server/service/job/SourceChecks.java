package dev.signet.server.service.job;

import dev.signet.core.format.SignatureFormat;
import dev.signet.core.platform.SigningPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * What StartSigningJob refuses to sign, checked on the fetched source before any key is used: an
 * empty object; for the Lambda platform a file that is not a zip or a zip with no entries; and an
 * artifact that already carries the platform format's signature. Each refusal is a one-line reason
 * fit for a job's {@code statusReason}.
 */
final class SourceChecks {
    private static final String LAMBDA_PLATFORM_PREFIX = "AWSLambda-";

    private SourceChecks() {}

    /** The reason to refuse {@code source}, or empty when it may be signed. */
    static Optional<String> refusal(Path source, SigningPlatform platform, Optional<SignatureFormat> format)
            throws IOException {
        if (Files.size(source) == 0) {
            return Optional.of("source object is empty; there is nothing to sign");
        }
        if (platform.platformId().startsWith(LAMBDA_PLATFORM_PREFIX)) {
            Optional<String> zip = zipRefusal(source);
            if (zip.isPresent()) {
                return zip;
            }
        }
        if (format.isPresent() && format.get().isSigned(source)) {
            return Optional.of("source object is already signed (it carries a "
                    + format.get().id() + " signature); sign the original artifact instead");
        }
        return Optional.empty();
    }

    private static Optional<String> zipRefusal(Path source) throws IOException {
        try (ZipFile zip = new ZipFile(source.toFile())) {
            return zip.size() == 0
                    ? Optional.of(
                            "source object is an empty zip (no entries); a Lambda package needs at least one" + " file")
                    : Optional.empty();
        } catch (ZipException e) {
            return Optional.of("source object is not a zip file; platform AWSLambda signs zip packages only");
        }
    }
}
