package dev.signet.core.format.lambdazip;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One entry of a {@link ZipLayout}: where its local header starts and its data (and data descriptor)
 * ends, and where its central directory header sits.
 *
 * @param name the raw name bytes (as in both headers)
 * @param localOffset offset of the local file header
 * @param end offset just past the entry's data and data descriptor
 * @param centralOffset offset of its central directory header
 * @param centralLength length of its central directory header, name, extra and comment included
 * @param uncompressedSize the declared uncompressed size
 */
record ZipEntryInfo(
        byte[] name, long localOffset, long end, long centralOffset, int centralLength, long uncompressedSize) {
    ZipEntryInfo {
        name = name.clone();
    }

    String nameText() {
        return new String(name, StandardCharsets.UTF_8);
    }

    boolean named(byte[] other) {
        return Arrays.equals(name, other);
    }
}
