package dev.signet.server.http.s3;

import dev.signet.core.sigv4.SigV4;
import dev.signet.server.http.Xml;
import dev.signet.server.objects.BucketInfo;
import dev.signet.server.objects.ObjectInfo;
import dev.signet.server.objects.VersionEntry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** S3's bucket and listing documents, written exactly as S3 writes them. */
final class S3Xml {
    static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final String DECL = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private S3Xml() {}

    static String iso(Instant t) {
        return ISO.format(t);
    }

    /** Keys, prefixes and markers: URL-encoded when the client asked for {@code encoding-type=url}. */
    record Encoding(boolean url) {
        String apply(String s) {
            return Xml.escape(url ? SigV4.uriEncode(s, true) : s);
        }
    }

    static String owner(String ownerId) {
        return "<Owner><ID>" + ownerId + "</ID><DisplayName>signet</DisplayName></Owner>";
    }

    static String listBuckets(List<BucketInfo> buckets, String ownerId) {
        StringBuilder out = new StringBuilder(DECL);
        out.append("<ListAllMyBucketsResult xmlns=\"").append(NS).append("\">");
        out.append(owner(ownerId)).append("<Buckets>");
        for (BucketInfo b : buckets) {
            out.append("<Bucket><Name>")
                    .append(Xml.escape(b.name()))
                    .append("</Name><CreationDate>")
                    .append(iso(b.createdAt()))
                    .append("</CreationDate></Bucket>");
        }
        return out.append("</Buckets></ListAllMyBucketsResult>").toString();
    }

    static String versioning(String status) {
        return DECL + "<VersioningConfiguration xmlns=\"" + NS + "\">"
                + (status.isEmpty() ? "" : "<Status>" + status + "</Status>") + "</VersioningConfiguration>";
    }

    static String location(String region) {
        return DECL + "<LocationConstraint xmlns=\"" + NS + "\">" + Xml.escape(region) + "</LocationConstraint>";
    }

    /** One ListObjectsV2 page. */
    record ListV2(
            String bucket,
            String prefix,
            Optional<String> delimiter,
            int maxKeys,
            Optional<String> continuationToken,
            Optional<String> startAfter,
            List<ObjectInfo> contents,
            List<String> commonPrefixes,
            Optional<String> nextContinuationToken,
            Encoding encoding) {}

    static String listV2(ListV2 l) {
        StringBuilder out = new StringBuilder(DECL);
        out.append("<ListBucketResult xmlns=\"").append(NS).append("\">");
        out.append("<Name>").append(Xml.escape(l.bucket())).append("</Name>");
        out.append("<Prefix>").append(l.encoding().apply(l.prefix())).append("</Prefix>");
        l.delimiter()
                .ifPresent(d ->
                        out.append("<Delimiter>").append(l.encoding().apply(d)).append("</Delimiter>"));
        out.append("<KeyCount>")
                .append(l.contents().size() + l.commonPrefixes().size())
                .append("</KeyCount>");
        out.append("<MaxKeys>").append(l.maxKeys()).append("</MaxKeys>");
        if (l.encoding().url()) {
            out.append("<EncodingType>url</EncodingType>");
        }
        out.append("<IsTruncated>")
                .append(l.nextContinuationToken().isPresent())
                .append("</IsTruncated>");
        l.continuationToken()
                .ifPresent(t ->
                        out.append("<ContinuationToken>").append(Xml.escape(t)).append("</ContinuationToken>"));
        l.nextContinuationToken()
                .ifPresent(t -> out.append("<NextContinuationToken>")
                        .append(Xml.escape(t))
                        .append("</NextContinuationToken>"));
        l.startAfter()
                .ifPresent(s ->
                        out.append("<StartAfter>").append(l.encoding().apply(s)).append("</StartAfter>"));
        for (ObjectInfo o : l.contents()) {
            out.append("<Contents><Key>")
                    .append(l.encoding().apply(o.key()))
                    .append("</Key><LastModified>")
                    .append(iso(o.lastModified()))
                    .append("</LastModified><ETag>&quot;")
                    .append(o.etag())
                    .append("&quot;</ETag><Size>")
                    .append(o.size())
                    .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
        }
        for (String p : l.commonPrefixes()) {
            out.append("<CommonPrefixes><Prefix>").append(l.encoding().apply(p)).append("</Prefix></CommonPrefixes>");
        }
        return out.append("</ListBucketResult>").toString();
    }

    /** One ListObjects (version 1) page. */
    record ListV1(
            String bucket,
            String prefix,
            Optional<String> delimiter,
            int maxKeys,
            String marker,
            List<ObjectInfo> contents,
            List<String> commonPrefixes,
            Optional<String> nextMarker,
            Encoding encoding) {}

    static String listV1(ListV1 l) {
        StringBuilder out = new StringBuilder(DECL);
        out.append("<ListBucketResult xmlns=\"").append(NS).append("\">");
        out.append("<Name>").append(Xml.escape(l.bucket())).append("</Name>");
        out.append("<Prefix>").append(l.encoding().apply(l.prefix())).append("</Prefix>");
        out.append("<Marker>").append(l.encoding().apply(l.marker())).append("</Marker>");
        l.nextMarker()
                .ifPresent(m ->
                        out.append("<NextMarker>").append(l.encoding().apply(m)).append("</NextMarker>"));
        out.append("<MaxKeys>").append(l.maxKeys()).append("</MaxKeys>");
        l.delimiter()
                .ifPresent(d ->
                        out.append("<Delimiter>").append(l.encoding().apply(d)).append("</Delimiter>"));
        if (l.encoding().url()) {
            out.append("<EncodingType>url</EncodingType>");
        }
        out.append("<IsTruncated>").append(l.nextMarker().isPresent()).append("</IsTruncated>");
        for (ObjectInfo o : l.contents()) {
            out.append("<Contents><Key>")
                    .append(l.encoding().apply(o.key()))
                    .append("</Key><LastModified>")
                    .append(iso(o.lastModified()))
                    .append("</LastModified><ETag>&quot;")
                    .append(o.etag())
                    .append("&quot;</ETag><Size>")
                    .append(o.size())
                    .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
        }
        for (String p : l.commonPrefixes()) {
            out.append("<CommonPrefixes><Prefix>").append(l.encoding().apply(p)).append("</Prefix></CommonPrefixes>");
        }
        return out.append("</ListBucketResult>").toString();
    }

    /** One ListObjectVersions page. */
    record Versions(
            String bucket,
            String prefix,
            Optional<String> keyMarker,
            Optional<String> versionIdMarker,
            int maxKeys,
            List<VersionEntry> entries,
            Optional<VersionEntry> next,
            Encoding encoding,
            String ownerId) {}

    static String versions(Versions v) {
        StringBuilder out = new StringBuilder(DECL);
        out.append("<ListVersionsResult xmlns=\"").append(NS).append("\">");
        out.append("<Name>").append(Xml.escape(v.bucket())).append("</Name>");
        out.append("<Prefix>").append(v.encoding().apply(v.prefix())).append("</Prefix>");
        out.append("<KeyMarker>")
                .append(v.encoding().apply(v.keyMarker().orElse("")))
                .append("</KeyMarker>");
        out.append("<VersionIdMarker>")
                .append(Xml.escape(v.versionIdMarker().orElse("")))
                .append("</VersionIdMarker>");
        v.next()
                .ifPresent(n -> out.append("<NextKeyMarker>")
                        .append(v.encoding().apply(n.info().key()))
                        .append("</NextKeyMarker><NextVersionIdMarker>")
                        .append(Xml.escape(n.info().versionId()))
                        .append("</NextVersionIdMarker>"));
        out.append("<MaxKeys>").append(v.maxKeys()).append("</MaxKeys>");
        if (v.encoding().url()) {
            out.append("<EncodingType>url</EncodingType>");
        }
        out.append("<IsTruncated>").append(v.next().isPresent()).append("</IsTruncated>");
        for (VersionEntry e : v.entries()) {
            ObjectInfo o = e.info();
            String common = "<Key>" + v.encoding().apply(o.key()) + "</Key><VersionId>" + Xml.escape(o.versionId())
                    + "</VersionId><IsLatest>" + o.latest() + "</IsLatest><LastModified>" + iso(o.lastModified())
                    + "</LastModified>";
            if (e.deleteMarker()) {
                out.append("<DeleteMarker>")
                        .append(common)
                        .append(owner(v.ownerId()))
                        .append("</DeleteMarker>");
            } else {
                out.append("<Version>")
                        .append(common)
                        .append("<ETag>&quot;")
                        .append(o.etag())
                        .append("&quot;</ETag><Size>")
                        .append(o.size())
                        .append("</Size><StorageClass>STANDARD</StorageClass>")
                        .append(owner(v.ownerId()))
                        .append("</Version>");
            }
        }
        return out.append("</ListVersionsResult>").toString();
    }
}
