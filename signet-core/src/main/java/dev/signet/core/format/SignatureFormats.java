package dev.signet.core.format;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The {@link SignatureFormat} plug-ins on the class path, found once with {@link ServiceLoader}. */
public final class SignatureFormats {
    private static final List<SignatureFormat> ALL = ServiceLoader.load(SignatureFormat.class).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
    /** Each platform's format, the first in {@link #ALL} that names it (looked up on every SignPayload). */
    private static final Map<String, SignatureFormat> BY_PLATFORM = byPlatform(ALL);

    private SignatureFormats() {}

    private static Map<String, SignatureFormat> byPlatform(List<SignatureFormat> formats) {
        Map<String, SignatureFormat> byPlatform = new HashMap<>();
        for (SignatureFormat format : formats) {
            format.platformIds().forEach(id -> byPlatform.putIfAbsent(id, format));
        }
        return Map.copyOf(byPlatform);
    }

    public static List<SignatureFormat> all() {
        return ALL;
    }

    /** The format that produces the output of {@code platformId}. */
    public static Optional<SignatureFormat> forPlatform(String platformId) {
        return Optional.ofNullable(BY_PLATFORM.get(platformId));
    }

    /** The format that recognises these leading bytes of a signature, by content. */
    public static Optional<SignatureFormat> detect(byte[] head) {
        return ALL.stream().filter(f -> f.detect(head)).findFirst();
    }

    /** The format whose signature is embedded in this artifact, if any (see {@link SignatureFormat#detectEmbedded}). */
    public static Optional<SignatureFormat> detectEmbedded(Path artifact) {
        return ALL.stream().filter(f -> f.detectEmbedded(artifact)).findFirst();
    }
}
