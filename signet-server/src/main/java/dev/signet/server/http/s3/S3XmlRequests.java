package dev.signet.server.http.s3;

import dev.signet.server.objects.Completion;
import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.objects.checksum.ChecksumAlgorithm;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The XML request bodies S3 defines that Signet reads: VersioningConfiguration,
 * CreateBucketConfiguration, CompleteMultipartUpload and Delete. Each is checked against its shape
 * (root element, required members, counts); anything else is MalformedXML, as S3 answers.
 */
final class S3XmlRequests {
    /** DeleteObjects takes at most 1,000 keys. */
    static final int MAX_DELETE_OBJECTS = 1000;

    private S3XmlRequests() {}

    /** {@code <VersioningConfiguration><Status>Enabled|Suspended</Status>}: true for Enabled. */
    static boolean versioning(byte[] body) throws ObjectStoreException {
        XmlTree root = root(body, "VersioningConfiguration", 16);
        return switch (root.text("Status").orElseThrow(XmlTree::malformed).strip()) {
            case "Enabled" -> true;
            case "Suspended" -> false;
            default -> throw XmlTree.malformed();
        };
    }

    /** The LocationConstraint of a CreateBucketConfiguration; empty for an empty body or none given. */
    static Optional<String> locationConstraint(byte[] body) throws ObjectStoreException {
        if (body.length == 0) {
            return Optional.empty();
        }
        XmlTree root = root(body, "CreateBucketConfiguration", 32);
        return root.text("LocationConstraint").map(String::strip).filter(s -> !s.isEmpty());
    }

    /** The parts of a CompleteMultipartUpload, in document order (the order is checked later). */
    static List<Completion.Part> completedParts(byte[] body) throws ObjectStoreException {
        XmlTree root = root(body, "CompleteMultipartUpload", 12 * 10_000 + 1);
        List<XmlTree> parts = root.all("Part");
        if (parts.size() > 10_000) {
            throw XmlTree.malformed();
        }
        List<Completion.Part> out = new ArrayList<>(parts.size());
        for (XmlTree part : parts) {
            int number;
            try {
                number = Integer.parseInt(
                        part.text("PartNumber").orElseThrow(XmlTree::malformed).strip());
            } catch (NumberFormatException e) {
                throw XmlTree.malformed();
            }
            String etag = part.text("ETag").orElseThrow(XmlTree::malformed);
            Map<ChecksumAlgorithm, String> checksums = new EnumMap<>(ChecksumAlgorithm.class);
            for (XmlTree member : part.children()) {
                if (member.name().startsWith("Checksum")) {
                    ChecksumAlgorithm algorithm = ChecksumAlgorithm.fromWireName(
                                    member.name().substring("Checksum".length()))
                            .orElseThrow(() -> new ObjectStoreException(
                                    "InvalidRequest",
                                    "Unsupported checksum " + member.name() + " in part " + number + "."));
                    if (checksums.put(algorithm, member.text().strip()) != null) {
                        throw XmlTree.malformed();
                    }
                }
            }
            out.add(new Completion.Part(number, etag, checksums));
        }
        return out;
    }

    /** A Delete document: Quiet, and 1 to 1,000 objects with optional version ids. */
    record DeleteRequest(boolean quiet, List<ObjectId> objects) {}

    /** One {@code <Object>}: the key and, optionally, the version. */
    record ObjectId(String key, Optional<String> versionId) {}

    static DeleteRequest delete(byte[] body) throws ObjectStoreException {
        XmlTree root = root(body, "Delete", 4 * MAX_DELETE_OBJECTS + 2);
        boolean quiet = switch (root.text("Quiet").map(String::strip).orElse("false")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw XmlTree.malformed();
        };
        List<XmlTree> objects = root.all("Object");
        if (objects.isEmpty() || objects.size() > MAX_DELETE_OBJECTS) {
            throw XmlTree.malformed();
        }
        List<ObjectId> ids = new ArrayList<>(objects.size());
        for (XmlTree o : objects) {
            String key = o.text("Key").orElseThrow(XmlTree::malformed);
            Optional<String> version = o.text("VersionId").map(String::strip).filter(v -> !v.isEmpty());
            ids.add(new ObjectId(key, version));
        }
        return new DeleteRequest(quiet, ids);
    }

    private static XmlTree root(byte[] body, String name, int maxElements) throws ObjectStoreException {
        XmlTree root = XmlTree.parse(body, maxElements);
        if (!root.name().equals(name)) {
            throw XmlTree.malformed();
        }
        return root;
    }
}
