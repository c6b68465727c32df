package dev.signet.server.http.s3;

import dev.signet.server.http.Xml;
import dev.signet.server.objects.MultipartUpload;
import dev.signet.server.objects.ObjectInfo;
import dev.signet.server.objects.UploadedPart;
import dev.signet.server.objects.checksum.ObjectChecksum;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The XML results of multipart uploads, copies and DeleteObjects, as S3 writes them. */
final class S3ResultXml {
    private static final String DECL = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    private static final String NS = " xmlns=\"" + S3Xml.NS + "\"";

    private S3ResultXml() {}

    static String emptyTagging() {
        return DECL + "<Tagging" + NS + "><TagSet></TagSet></Tagging>";
    }

    static String initiated(MultipartUpload u) {
        return DECL + "<InitiateMultipartUploadResult" + NS + "><Bucket>" + Xml.escape(u.bucket()) + "</Bucket><Key>"
                + Xml.escape(u.key()) + "</Key><UploadId>" + u.uploadId()
                + "</UploadId></InitiateMultipartUploadResult>";
    }

    static String completed(String location, ObjectInfo o) {
        StringBuilder out = new StringBuilder(DECL)
                .append("<CompleteMultipartUploadResult")
                .append(NS)
                .append('>');
        out.append("<Location>").append(Xml.escape(location)).append("</Location>");
        out.append("<Bucket>").append(Xml.escape(o.bucket())).append("</Bucket>");
        out.append("<Key>").append(Xml.escape(o.key())).append("</Key>");
        etag(out, o.etag());
        checksum(out, o.checksum(), true);
        return out.append("</CompleteMultipartUploadResult>").toString();
    }

    static String copied(String root, String etag, Instant lastModified, Optional<ObjectChecksum> checksum) {
        StringBuilder out =
                new StringBuilder(DECL).append('<').append(root).append(NS).append('>');
        etag(out, etag);
        out.append("<LastModified>").append(S3Xml.iso(lastModified)).append("</LastModified>");
        checksum(out, checksum, root.equals("CopyObjectResult"));
        return out.append("</").append(root).append('>').toString();
    }

    /** One ListParts page. */
    record Parts(
            MultipartUpload upload,
            int partNumberMarker,
            int maxParts,
            List<UploadedPart> parts,
            boolean truncated,
            String ownerId) {}

    static String parts(Parts p) {
        MultipartUpload u = p.upload();
        StringBuilder out =
                new StringBuilder(DECL).append("<ListPartsResult").append(NS).append('>');
        out.append("<Bucket>").append(Xml.escape(u.bucket())).append("</Bucket>");
        out.append("<Key>").append(Xml.escape(u.key())).append("</Key>");
        out.append("<UploadId>").append(u.uploadId()).append("</UploadId>");
        out.append("<Initiator><ID>").append(p.ownerId()).append("</ID><DisplayName>signet</DisplayName></Initiator>");
        out.append(S3Xml.owner(p.ownerId()));
        out.append("<StorageClass>STANDARD</StorageClass>");
        out.append("<PartNumberMarker>").append(p.partNumberMarker()).append("</PartNumberMarker>");
        if (!p.parts().isEmpty()) {
            out.append("<NextPartNumberMarker>")
                    .append(p.parts().get(p.parts().size() - 1).partNumber())
                    .append("</NextPartNumberMarker>");
        }
        out.append("<MaxParts>").append(p.maxParts()).append("</MaxParts>");
        out.append("<IsTruncated>").append(p.truncated()).append("</IsTruncated>");
        u.checksumAlgorithm()
                .ifPresent(a ->
                        out.append("<ChecksumAlgorithm>").append(a.wireName()).append("</ChecksumAlgorithm>"));
        u.checksumType().ifPresent(t -> out.append("<ChecksumType>").append(t).append("</ChecksumType>"));
        for (UploadedPart part : p.parts()) {
            out.append("<Part><PartNumber>").append(part.partNumber()).append("</PartNumber>");
            out.append("<LastModified>").append(S3Xml.iso(part.lastModified())).append("</LastModified>");
            etag(out, part.etag());
            out.append("<Size>").append(part.size()).append("</Size>");
            if (part.checksumAlgorithm().isPresent()) {
                String name = part.checksumAlgorithm().get().xmlName();
                out.append('<').append(name).append('>').append(part.checksum().orElseThrow());
                out.append("</").append(name).append('>');
            }
            out.append("</Part>");
        }
        return out.append("</ListPartsResult>").toString();
    }

    /** One ListMultipartUploads page. */
    record Uploads(
            String bucket,
            String prefix,
            Optional<String> delimiter,
            Optional<String> keyMarker,
            Optional<String> uploadIdMarker,
            int maxUploads,
            UploadListing page,
            S3Xml.Encoding encoding,
            String ownerId) {}

    static String uploads(Uploads l) {
        S3Xml.Encoding enc = l.encoding();
        StringBuilder out = new StringBuilder(DECL)
                .append("<ListMultipartUploadsResult")
                .append(NS)
                .append('>');
        out.append("<Bucket>").append(Xml.escape(l.bucket())).append("</Bucket>");
        out.append("<KeyMarker>").append(enc.apply(l.keyMarker().orElse(""))).append("</KeyMarker>");
        out.append("<UploadIdMarker>")
                .append(Xml.escape(l.uploadIdMarker().orElse("")))
                .append("</UploadIdMarker>");
        l.page()
                .nextKeyMarker()
                .ifPresent(
                        k -> out.append("<NextKeyMarker>").append(enc.apply(k)).append("</NextKeyMarker>"));
        l.page()
                .nextUploadIdMarker()
                .ifPresent(u -> out.append("<NextUploadIdMarker>").append(u).append("</NextUploadIdMarker>"));
        out.append("<Prefix>").append(enc.apply(l.prefix())).append("</Prefix>");
        l.delimiter()
                .ifPresent(d -> out.append("<Delimiter>").append(enc.apply(d)).append("</Delimiter>"));
        out.append("<MaxUploads>").append(l.maxUploads()).append("</MaxUploads>");
        if (enc.url()) {
            out.append("<EncodingType>url</EncodingType>");
        }
        out.append("<IsTruncated>").append(l.page().truncated()).append("</IsTruncated>");
        for (MultipartUpload u : l.page().uploads()) {
            out.append("<Upload><Key>").append(enc.apply(u.key())).append("</Key>");
            out.append("<UploadId>").append(u.uploadId()).append("</UploadId>");
            out.append("<Initiator><ID>")
                    .append(l.ownerId())
                    .append("</ID><DisplayName>signet</DisplayName></Initiator>");
            out.append(S3Xml.owner(l.ownerId()));
            out.append("<StorageClass>STANDARD</StorageClass>");
            out.append("<Initiated>").append(S3Xml.iso(u.initiated())).append("</Initiated>");
            u.checksumAlgorithm()
                    .ifPresent(a -> out.append("<ChecksumAlgorithm>")
                            .append(a.wireName())
                            .append("</ChecksumAlgorithm>"));
            u.checksumType()
                    .ifPresent(t -> out.append("<ChecksumType>").append(t).append("</ChecksumType>"));
            out.append("</Upload>");
        }
        for (String p : l.page().commonPrefixes()) {
            out.append("<CommonPrefixes><Prefix>").append(enc.apply(p)).append("</Prefix></CommonPrefixes>");
        }
        return out.append("</ListMultipartUploadsResult>").toString();
    }

    /** One entry of a DeleteObjects result: deleted, or an error. */
    record Deleted(
            String key,
            Optional<String> versionId,
            boolean deleteMarker,
            Optional<String> deleteMarkerVersionId,
            Optional<String> errorCode,
            String errorMessage) {}

    static String deleteResult(List<Deleted> entries, boolean quiet) {
        StringBuilder out =
                new StringBuilder(DECL).append("<DeleteResult").append(NS).append('>');
        for (Deleted d : entries) {
            if (d.errorCode().isPresent()) {
                out.append("<Error><Key>").append(Xml.escape(d.key())).append("</Key>");
                d.versionId()
                        .ifPresent(v ->
                                out.append("<VersionId>").append(Xml.escape(v)).append("</VersionId>"));
                out.append("<Code>").append(Xml.escape(d.errorCode().get())).append("</Code>");
                out.append("<Message>").append(Xml.escape(d.errorMessage())).append("</Message></Error>");
            } else if (!quiet) {
                out.append("<Deleted><Key>").append(Xml.escape(d.key())).append("</Key>");
                d.versionId()
                        .ifPresent(v ->
                                out.append("<VersionId>").append(Xml.escape(v)).append("</VersionId>"));
                if (d.deleteMarker()) {
                    out.append("<DeleteMarker>true</DeleteMarker>");
                }
                d.deleteMarkerVersionId()
                        .ifPresent(v -> out.append("<DeleteMarkerVersionId>")
                                .append(Xml.escape(v))
                                .append("</DeleteMarkerVersionId>"));
                out.append("</Deleted>");
            }
        }
        return out.append("</DeleteResult>").toString();
    }

    private static void etag(StringBuilder out, String etag) {
        out.append("<ETag>&quot;").append(etag).append("&quot;</ETag>");
    }

    private static void checksum(StringBuilder out, Optional<ObjectChecksum> checksum, boolean withType) {
        if (checksum.isEmpty()) {
            return;
        }
        ObjectChecksum c = checksum.get();
        out.append('<').append(c.algorithm().xmlName()).append('>').append(c.value());
        out.append("</").append(c.algorithm().xmlName()).append('>');
        if (withType) {
            out.append("<ChecksumType>").append(c.type()).append("</ChecksumType>");
        }
    }
}
