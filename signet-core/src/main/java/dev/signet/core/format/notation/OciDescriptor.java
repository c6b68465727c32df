package dev.signet.core.format.notation;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The part of an OCI content descriptor that identifies content: media type, digest and size.
 * Digests are {@code sha256:} (64 hex), {@code sha384:} (96 hex) or {@code sha512:} (128 hex), lower
 * case, as the OCI image spec requires; anything else is refused.
 */
public record OciDescriptor(String mediaType, String digest, long size) {
    private static final Pattern MEDIA_TYPE =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");
    private static final Pattern DIGEST =
            Pattern.compile("sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128}");

    public OciDescriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (!MEDIA_TYPE.matcher(mediaType).matches()) {
            throw new IllegalArgumentException("not an OCI media type: " + shorten(mediaType));
        }
        if (!DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException(
                    "not an OCI digest (sha256/sha384/sha512, lower-case hex): " + shorten(digest));
        }
        if (size < 0) {
            throw new IllegalArgumentException("a descriptor size is >= 0, got " + size);
        }
    }

    /** Whether {@code digest} is a well-formed OCI digest Signet accepts. */
    public static boolean isDigest(String digest) {
        return digest != null && DIGEST.matcher(digest).matches();
    }

    static String shorten(String s) {
        String oneLine = s.replaceAll("[\\p{Cntrl}]", "?");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 80) + "...";
    }
}
