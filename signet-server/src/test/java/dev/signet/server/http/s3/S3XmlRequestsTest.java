package dev.signet.server.http.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.objects.Completion;
import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.objects.checksum.ChecksumAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The S3 XML request bodies: good documents as the SDK and CLI write them, and hostile or malformed ones. */
class S3XmlRequestsTest {
    private static byte[] xml(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void completeMultipartUploadIsRead() throws Exception {
        List<Completion.Part> parts = S3XmlRequests.completedParts(
                xml(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                                + "<Part><ETag>\"abc\"</ETag><PartNumber>1</PartNumber><ChecksumCRC32>AAAAAA==</ChecksumCRC32></Part>"
                                + "<Part><PartNumber>2</PartNumber><ETag>&quot;def&quot;</ETag></Part></CompleteMultipartUpload>"));
        assertThat(parts)
                .containsExactly(
                        new Completion.Part(1, "\"abc\"", Map.of(ChecksumAlgorithm.CRC32, "AAAAAA==")),
                        new Completion.Part(2, "\"def\"", Map.of()));
    }

    @Test
    void deleteIsRead() throws Exception {
        S3XmlRequests.DeleteRequest d = S3XmlRequests.delete(
                xml(
                        "<Delete><Quiet>true</Quiet>"
                                + "<Object><Key>a &amp; b</Key></Object><Object><Key>c</Key><VersionId>v1</VersionId></Object></Delete>"));
        assertThat(d.quiet()).isTrue();
        assertThat(d.objects())
                .containsExactly(
                        new S3XmlRequests.ObjectId("a & b", Optional.empty()),
                        new S3XmlRequests.ObjectId("c", Optional.of("v1")));
    }

    @Test
    void locationConstraintAndVersioningAreRead() throws Exception {
        assertThat(S3XmlRequests.locationConstraint(new byte[0])).isEmpty();
        assertThat(
                        S3XmlRequests.locationConstraint(
                                xml(
                                        "<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>")))
                .contains("eu-west-1");
        assertThat(S3XmlRequests.versioning(
                        xml("<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>")))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not xml",
                "<Other/>",
                "<CompleteMultipartUpload/>",
                "<CompleteMultipartUpload><Part><PartNumber>x</PartNumber><ETag>e</ETag></Part></CompleteMultipartUpload>",
                "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>",
                "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><PartNumber>2</PartNumber><ETag>e</ETag></Part></CompleteMultipartUpload>",
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&e;</ETag></Part></CompleteMultipartUpload>",
                "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&b;</ETag></Part></CompleteMultipartUpload>",
                "<CompleteMultipartUpload><a><b><c><d><e><f><g><h><i>1</i></h></g></f></e></d></c></b></a></CompleteMultipartUpload>",
                "<CompleteMultipartUpload></CompleteMultipartUpload><Second/>"
            })
    void malformedCompletionsAreMalformedXml(String body) {
        assertThatThrownBy(() -> {
                    List<Completion.Part> parts = S3XmlRequests.completedParts(xml(body));
                    if (parts.isEmpty()) {
                        throw XmlTree.malformed();
                    }
                })
                .isInstanceOfSatisfying(
                        ObjectStoreException.class, e -> assertThat(e.code()).isEqualTo("MalformedXML"));
    }

    @Test
    void tooManyObjectsOrNoneIsMalformed() {
        StringBuilder many = new StringBuilder("<Delete>");
        for (int i = 0; i <= S3XmlRequests.MAX_DELETE_OBJECTS; i++) {
            many.append("<Object><Key>k").append(i).append("</Key></Object>");
        }
        many.append("</Delete>");
        for (String body : List.of(
                many.toString(),
                "<Delete><Quiet>true</Quiet></Delete>",
                "<Delete><Quiet>yes</Quiet><Object><Key>k</Key></Object></Delete>")) {
            assertThatThrownBy(() -> S3XmlRequests.delete(xml(body)))
                    .isInstanceOfSatisfying(
                            ObjectStoreException.class,
                            e -> assertThat(e.code()).isEqualTo("MalformedXML"));
        }
    }

    @Test
    void anUnknownChecksumInAPartIsRefused() {
        assertThatThrownBy(
                        () -> S3XmlRequests.completedParts(
                                xml(
                                        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber>"
                                                + "<ETag>e</ETag><ChecksumSHA512>AA==</ChecksumSHA512></Part></CompleteMultipartUpload>")))
                .isInstanceOfSatisfying(
                        ObjectStoreException.class, e -> assertThat(e.code()).isEqualTo("InvalidRequest"));
    }
}
