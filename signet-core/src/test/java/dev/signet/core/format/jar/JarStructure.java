package dev.signet.core.format.jar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;

/**
 * Compares two signed jars entry by entry, signing times and signature values aside: the same
 * names in the same order, the same zip comment, the same bytes in every entry (manifest and signature file included)
 * but the block, and blocks of the same SignedData structure: the same version, digest algorithms,
 * content type, certificates (DER, in order), signer identifier, digest and signature algorithms,
 * signed attributes (types in order, every value equal but signingTime's), and unsigned attribute
 * types (a time-stamp token or none).
 */
public final class JarStructure {
    private JarStructure() {}

    public static void assertSame(Path here, Path there, boolean stamped) throws IOException, CMSException {
        try (ZipFile a = new ZipFile(here.toFile());
                ZipFile b = new ZipFile(there.toFile())) {
            List<String> names = names(a);
            assertThat(names).as("entry names and order").isEqualTo(names(b));
            assertThat(a.getComment()).as("zip comment").isEqualTo(b.getComment());
            assertThat(names.subList(0, 3))
                    .containsExactly(JarSigning.MANIFEST, JarSigning.SIGNATURE_FILE, names.get(2));
            for (String name : names) {
                byte[] mine = a.getInputStream(a.getEntry(name)).readAllBytes();
                byte[] theirs = b.getInputStream(b.getEntry(name)).readAllBytes();
                if (isBlock(name)) {
                    assertSameBlock(mine, theirs, stamped);
                } else {
                    assertThat(mine).as(name).isEqualTo(theirs);
                }
            }
        }
    }

    private static boolean isBlock(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.startsWith("META-INF/") && (upper.endsWith(".EC") || upper.endsWith(".RSA"));
    }

    private static List<String> names(ZipFile zip) {
        List<String> names = new ArrayList<>();
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            names.add(entries.nextElement().getName());
        }
        return names;
    }

    private static void assertSameBlock(byte[] mine, byte[] theirs, boolean stamped) throws CMSException, IOException {
        CMSSignedData a = new CMSSignedData(mine);
        CMSSignedData b = new CMSSignedData(theirs);
        assertThat(a.getVersion()).isEqualTo(b.getVersion());
        assertThat(a.getDigestAlgorithmIDs()).isEqualTo(b.getDigestAlgorithmIDs());
        assertThat(a.getSignedContentTypeOID()).isEqualTo(b.getSignedContentTypeOID());
        assertThat(a.getSignedContent()).isNull();
        assertThat(b.getSignedContent()).isNull();
        assertThat(encoded(a.getCertificates().getMatches(null)))
                .isEqualTo(encoded(b.getCertificates().getMatches(null)));
        assertThat(a.getCRLs().getMatches(null)).isEmpty();
        assertThat(b.getCRLs().getMatches(null)).isEmpty();
        assertThat(a.getSignerInfos().size())
                .isEqualTo(b.getSignerInfos().size())
                .isEqualTo(1);
        SignerInformation x = a.getSignerInfos().iterator().next();
        SignerInformation y = b.getSignerInfos().iterator().next();
        assertThat(x.getVersion()).isEqualTo(y.getVersion());
        assertThat(x.getSID()).isEqualTo(y.getSID());
        assertThat(x.getDigestAlgOID()).isEqualTo(y.getDigestAlgOID());
        assertThat(x.getEncryptionAlgOID()).isEqualTo(y.getEncryptionAlgOID());
        assertThat(x.toASN1Structure().getDigestEncryptionAlgorithm())
                .isEqualTo(y.toASN1Structure().getDigestEncryptionAlgorithm());
        List<Attribute> signedX = attributes(x.toASN1Structure().getAuthenticatedAttributes());
        List<Attribute> signedY = attributes(y.toASN1Structure().getAuthenticatedAttributes());
        assertThat(signedX.stream().map(Attribute::getAttrType).toList())
                .isEqualTo(signedY.stream().map(Attribute::getAttrType).toList())
                .hasSize(4);
        for (int i = 0; i < signedX.size(); i++) {
            if (!signedX.get(i).getAttrType().equals(CMSAttributes.signingTime)) {
                assertThat(signedX.get(i).getEncoded(ASN1Encoding.DER))
                        .as(signedX.get(i).getAttrType().getId())
                        .isEqualTo(signedY.get(i).getEncoded(ASN1Encoding.DER));
            }
        }
        List<Attribute> unsignedX = attributes(x.toASN1Structure().getUnauthenticatedAttributes());
        List<Attribute> unsignedY = attributes(y.toASN1Structure().getUnauthenticatedAttributes());
        assertThat(unsignedX.stream().map(Attribute::getAttrType).toList())
                .isEqualTo(unsignedY.stream().map(Attribute::getAttrType).toList())
                .hasSize(stamped ? 1 : 0);
    }

    /** The attributes in their DER order. */
    private static List<Attribute> attributes(ASN1Set set) {
        List<Attribute> list = new ArrayList<>();
        if (set != null) {
            for (var a : set.toArray()) {
                list.add(Attribute.getInstance(a));
            }
        }
        return list;
    }

    private static List<List<Byte>> encoded(java.util.Collection<X509CertificateHolder> certificates)
            throws IOException {
        List<List<Byte>> all = new ArrayList<>();
        for (X509CertificateHolder c : certificates) {
            List<Byte> bytes = new ArrayList<>();
            for (byte v : c.getEncoded()) {
                bytes.add(v);
            }
            all.add(bytes);
        }
        return all;
    }
}
