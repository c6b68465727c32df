package dev.signet.server.objects.index;

import dev.signet.server.objects.Completion;
import dev.signet.server.objects.MultipartUpload;
import dev.signet.server.objects.MultipartUploads;
import dev.signet.server.objects.ObjectPart;
import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.objects.UploadedPart;
import dev.signet.server.objects.checksum.ChecksumAlgorithm;
import dev.signet.server.objects.checksum.MultipartChecksums;
import dev.signet.server.objects.checksum.ObjectChecksum;
import dev.signet.server.objects.index.UploadIndex.PartRow;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a CompleteMultipartUpload will make, checked against the stored parts before any byte is
 * copied, with S3's rules and errors: parts listed in ascending order (InvalidPartOrder), each
 * stored with the listed ETag and checksums (InvalidPart), each but the last at least 5 MiB
 * (EntityTooSmall), the checksum type and whole-object checksums and size the client states
 * matching the upload (InvalidRequest, BadDigest). The ETag is the MD5 of the parts' binary MD5s
 * followed by {@code -N}.
 */
record Assembly(
        List<ObjectPart> parts, List<String> fileNames, long size, String etag, Optional<ObjectChecksum> checksum) {

    static Assembly plan(MultipartUpload upload, Completion completion, List<PartRow> stored)
            throws ObjectStoreException {
        List<Completion.Part> listed = completion.parts();
        if (listed.isEmpty()) {
            throw new ObjectStoreException(
                    "MalformedXML",
                    "The XML you provided was not well-formed or did not validate against our published schema.");
        }
        Map<Integer, PartRow> byNumber = new HashMap<>();
        stored.forEach(p -> byNumber.put(p.part().partNumber(), p));
        List<ObjectPart> parts = new ArrayList<>(listed.size());
        List<String> fileNames = new ArrayList<>(listed.size());
        MessageDigest md5s = md5();
        long offset = 0;
        int previous = 0;
        for (int i = 0; i < listed.size(); i++) {
            Completion.Part want = listed.get(i);
            if (want.partNumber() <= previous) {
                throw new ObjectStoreException(
                        "InvalidPartOrder",
                        "The list of parts was not in ascending order. Parts must be ordered by part number.");
            }
            previous = want.partNumber();
            PartRow row = byNumber.get(want.partNumber());
            if (row == null || !row.part().etag().equalsIgnoreCase(unquote(want.etag()))) {
                throw invalidPart(want.partNumber(), "was not uploaded or its entity tag does not match");
            }
            UploadedPart have = row.part();
            for (Map.Entry<ChecksumAlgorithm, String> c : want.checksums().entrySet()) {
                if (have.checksumAlgorithm().filter(a -> a == c.getKey()).isEmpty()
                        || !have.checksum().orElseThrow().equals(c.getValue().strip())) {
                    throw invalidPart(
                            want.partNumber(), "does not have the " + c.getKey().xmlName() + " listed");
                }
            }
            md5s.update(HexFormat.of().parseHex(have.etag()));
            parts.add(new ObjectPart(want.partNumber(), offset, have.size(), have.etag(), have.checksum()));
            fileNames.add(row.fileName());
            offset += have.size();
        }
        for (int i = 0; i < parts.size() - 1; i++) {
            if (parts.get(i).size() < MultipartUploads.MIN_PART_SIZE) {
                throw new ObjectStoreException(
                        "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.");
            }
        }
        if (offset > IndexedMultipartUploads.MAX_OBJECT_SIZE) {
            throw new ObjectStoreException(
                    "EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size.");
        }
        if (completion.objectSize().isPresent() && completion.objectSize().get() != offset) {
            throw new ObjectStoreException(
                    "InvalidRequest",
                    "The x-amz-mp-object-size you specified ("
                            + completion.objectSize().get() + ") does not match the size of the parts (" + offset
                            + ").");
        }
        Optional<ObjectChecksum> checksum = checksum(upload, completion, parts);
        String etag = HexFormat.of().formatHex(md5s.digest()) + "-" + parts.size();
        return new Assembly(List.copyOf(parts), List.copyOf(fileNames), offset, etag, checksum);
    }

    private static Optional<ObjectChecksum> checksum(
            MultipartUpload upload, Completion completion, List<ObjectPart> parts) throws ObjectStoreException {
        if (completion.checksumType().isPresent() && !completion.checksumType().equals(upload.checksumType())) {
            throw new ObjectStoreException(
                    "InvalidRequest",
                    upload.checksumType()
                            .map(t -> "The upload was created using the " + t
                                    + " checksum mode. The complete request must use the same checksum mode.")
                            .orElse("The upload was created without a checksum algorithm; x-amz-checksum-type"
                                    + " cannot be given on completion."));
        }
        if (upload.checksumAlgorithm().isEmpty()) {
            if (!completion.objectChecksums().isEmpty()) {
                throw new ObjectStoreException(
                        "InvalidRequest",
                        "The upload was created without a checksum algorithm; a whole-object checksum cannot be"
                                + " checked on completion.");
            }
            return Optional.empty();
        }
        ChecksumAlgorithm algorithm = upload.checksumAlgorithm().get();
        ObjectChecksum computed = MultipartChecksums.of(
                algorithm,
                upload.checksumType().orElseThrow(),
                parts.stream()
                        .map(p -> new MultipartChecksums.Part(p.checksum().orElseThrow(), p.size()))
                        .toList());
        for (Map.Entry<ChecksumAlgorithm, String> stated :
                completion.objectChecksums().entrySet()) {
            if (stated.getKey() != algorithm) {
                throw new ObjectStoreException(
                        "InvalidRequest",
                        "The upload was created using the "
                                + algorithm.wireName().toLowerCase(Locale.ROOT)
                                + " checksum algorithm, not "
                                + stated.getKey().wireName().toLowerCase(Locale.ROOT)
                                + ".");
            }
            if (!withoutPartCount(stated.getValue().strip()).equals(withoutPartCount(computed.value()))) {
                throw new ObjectStoreException(
                        "BadDigest",
                        "The " + algorithm.headerName() + " you specified did not match the calculated checksum.");
            }
        }
        return Optional.of(computed);
    }

    private static String withoutPartCount(String value) {
        int dash = value.lastIndexOf('-');
        return dash < 0 ? value : value.substring(0, dash);
    }

    private static String unquote(String etag) {
        String e = etag.strip();
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e.toLowerCase(Locale.ROOT);
    }

    private static ObjectStoreException invalidPart(int partNumber, String why) {
        return new ObjectStoreException(
                "InvalidPart",
                "One or more of the specified parts could not be found. The part may not have been uploaded, or the"
                        + " specified entity tag may not have matched the part's entity tag (part " + partNumber + " "
                        + why + ").");
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }
}
