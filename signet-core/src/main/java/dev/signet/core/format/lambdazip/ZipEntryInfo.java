package dev.signet.core.format.lambdazip;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One entry of a {@link ZipLayout}: where its local header starts, its data starts and its data
 * (and data descriptor) ends, where its central directory header sits, and what the headers
 * declare about its data (checked against the data itself by {@link ZipContents}).
 *
 * @param name the raw name bytes (as in both headers)
 * @param localOffset offset of the local file header
 * @param end offset just past the entry's data and data descriptor
 * @param centralOffset offset of its central directory header
 * @param centralLength length of its central directory header, name, extra and comment included
 * @param uncompressedSize the declared uncompressed size
 * @param method the compression method: 0 stored or 8 deflated
 * @param crc the declared CRC-32 of the uncompressed data
 * @param dataOffset offset of the entry's (compressed) data
 * @param compressedSize the declared compressed size
 */
record ZipEntryInfo(
        byte[] name,
        long localOffset,
        long end,
        long centralOffset,
        int centralLength,
        long uncompressedSize,
        int method,
        long crc,
        long dataOffset,
        long compressedSize) {
    static final int STORED = 0;
    static final int DEFLATED = 8;

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
