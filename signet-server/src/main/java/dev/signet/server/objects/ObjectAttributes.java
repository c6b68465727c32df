package dev.signet.server.objects;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What an object carries besides its content: its Content-Type and its user metadata
 * ({@code x-amz-meta-NAME: value}). Use {@link #of} for client input: it applies S3's rules.
 */
public record ObjectAttributes(String contentType, Map<String, String> metadata) {
    /** S3's limit on user metadata: the UTF-8 bytes of every name and value together. */
    public static final int MAX_METADATA_BYTES = 2048;

    public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    private static final Pattern NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~\\-]{1,128}");

    public ObjectAttributes {
        Objects.requireNonNull(contentType, "contentType");
        metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    /** The defaults: {@code application/octet-stream}, no metadata. */
    public static ObjectAttributes defaults() {
        return new ObjectAttributes(DEFAULT_CONTENT_TYPE, Map.of());
    }

    /**
     * Checked attributes: a missing or blank type becomes {@code application/octet-stream}; the type
     * is printable ASCII of at most 256 characters; metadata names are header tokens (stored in lower
     * case), values printable ASCII or UTF-8 without control characters, 2 KiB in all.
     */
    public static ObjectAttributes of(String contentType, Map<String, String> metadata) throws ObjectStoreException {
        String type = contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType.strip();
        ObjectNames.checkContentType(type);
        Map<String, String> checked = new TreeMap<>();
        int bytes = 0;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            String value = e.getValue().strip();
            if (!NAME.matcher(name).matches()) {
                throw new ObjectStoreException("InvalidArgument", "A metadata name is not a valid header name.");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    throw new ObjectStoreException(
                            "InvalidArgument", "The metadata value of " + name + " holds a control character.");
                }
            }
            bytes += name.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
            if (checked.merge(name, value, (a, b) -> a + "," + b) != null) {
                bytes += 1;
            }
        }
        if (bytes > MAX_METADATA_BYTES) {
            throw new ObjectStoreException(
                    "MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size.");
        }
        return new ObjectAttributes(type, checked);
    }
}
