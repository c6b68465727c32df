package dev.signet.server.objects;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** S3's rules for bucket names, object keys and content types. */
public final class ObjectNames {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    public static final int MAX_KEY_BYTES = 1024;
    public static final int MAX_CONTENT_TYPE = 256;

    private ObjectNames() {}

    /**
     * Bucket names: 3-63 characters of lower-case letters, digits, dots and hyphens, starting and
     * ending with a letter or digit, no two adjacent dots, not shaped like an IP address, no
     * reserved prefix or suffix.
     */
    public static void checkBucket(String bucket) throws ObjectStoreException {
        if (bucket == null
                || !BUCKET.matcher(bucket).matches()
                || bucket.contains("..")
                || bucket.contains(".-")
                || bucket.contains("-.")
                || IPV4.matcher(bucket).matches()
                || bucket.startsWith("xn--")
                || bucket.startsWith("sthree-")
                || bucket.endsWith("-s3alias")
                || bucket.endsWith("--ol-s3")) {
            throw new ObjectStoreException("InvalidBucketName", "The specified bucket is not valid.");
        }
    }

    /**
     * Keys: 1-1024 bytes of UTF-8, no character that XML 1.0 cannot carry (the listings are XML).
     */
    public static void checkKey(String key) throws ObjectStoreException {
        if (key == null || key.isEmpty()) {
            throw new ObjectStoreException("InvalidArgument", "The object key must not be empty.");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new ObjectStoreException("KeyTooLongError", "Your key is too long.");
        }
        for (int i = 0; i < key.length(); ) {
            int c = key.codePointAt(i);
            boolean xml = c == 0x9
                    || c == 0xA
                    || c == 0xD
                    || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD)
                    || (c >= 0x10000 && c <= 0x10FFFF);
            if (!xml) {
                throw new ObjectStoreException(
                        "InvalidArgument", "The object key contains a character that cannot be stored.");
            }
            i += Character.charCount(c);
        }
    }

    /** Content types: up to 256 printable ASCII characters. */
    public static void checkContentType(String contentType) throws ObjectStoreException {
        if (contentType.length() > MAX_CONTENT_TYPE) {
            throw new ObjectStoreException("InvalidArgument", "The Content-Type is longer than 256 characters.");
        }
        for (int i = 0; i < contentType.length(); i++) {
            char c = contentType.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new ObjectStoreException("InvalidArgument", "The Content-Type must be printable ASCII.");
            }
        }
    }
}
