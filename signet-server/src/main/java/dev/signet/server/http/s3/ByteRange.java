package dev.signet.server.http.s3;

import dev.signet.server.objects.ObjectStoreException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single HTTP byte range resolved against an object's size. As S3 does, a Range header that does
 * not parse is ignored (the whole object is served); one that parses but starts past the end, and
 * any range of an empty object (which holds no byte to serve), is refused with InvalidRange. A
 * range that is returned holds at least one byte, all inside the object.
 */
record ByteRange(long start, long length) {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

    static Optional<ByteRange> parse(String header, long size) throws ObjectStoreException {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = RANGE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw invalid();
                }
                long len = Math.min(suffix, size);
                return Optional.of(new ByteRange(size - len, len));
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (first >= size) {
                throw invalid();
            }
            if (last < first) {
                return Optional.empty();
            }
            return Optional.of(new ByteRange(first, last - first + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    String contentRange(long size) {
        return "bytes " + start + "-" + (start + length - 1) + "/" + size;
    }

    private static ObjectStoreException invalid() {
        return new ObjectStoreException("InvalidRange", "The requested range is not satisfiable");
    }
}
