package dev.signet.core.format.authenticode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jsign.DigestAlgorithm;
import net.jsign.Signable;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;

/** The structure of a signed PE, for comparing the outputs of two signing paths (tests in any module). */
public final class AuthenticodeStructure {
    private AuthenticodeStructure() {}

    /**
     * A signed PE's structure, the time-stamp token's content aside: the image before its certificate
     * table (without the checksum field, which covers the table, and the table's size), the SignedData's version, digest
     * algorithms, content, certificates, and its signer's identifier, algorithms, signed attributes,
     * signature value and unsigned attribute types.
     */
    public static List<String> of(byte[] signed) throws Exception {
        SignedPe.Layout layout = SignedPe.layout(signed).orElseThrow();
        byte[] image = Arrays.copyOf(signed, layout.tableOffset());
        Arrays.fill(image, layout.checksumOffset(), layout.checksumOffset() + 4, (byte) 0);
        // the table's size in its data-directory entry: the token's ECDSA signature is 70 to 72 bytes
        Arrays.fill(image, layout.entryOffset() + 4, layout.entryOffset() + 8, (byte) 0);
        byte[] entry = Arrays.copyOfRange(signed, layout.tableOffset(), layout.tableOffset() + layout.tableSize());
        List<String> parts = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        parts.add("image " + hex.formatHex(Digests.digest(HashAlgorithm.SHA256, image)));
        parts.add("entry header " + hex.formatHex(entry, 4, 8));
        parts.addAll(signedData(Arrays.copyOfRange(entry, 8, entry.length)));
        return parts;
    }

    /**
     * A signed MSI package's or PowerShell script's structure, the time-stamp token's content aside:
     * what jsign hashes of it (every stream but the signature's, in its order; the script's text
     * without its signature block), an MSI's stream names, and its SignedData's parts as {@link #of}
     * lists them.
     */
    public static List<String> ofSignable(Path signed) throws Exception {
        List<String> parts = new ArrayList<>();
        byte[] signedData;
        try (Signable signable = AuthenticodeFiles.open(signed)) {
            parts.add("indirect data "
                    + HexFormat.of()
                            .formatHex(signable.createIndirectData(DigestAlgorithm.SHA256)
                                    .getEncoded("DER")));
            signedData = signable.getSignatures().get(0).toASN1Structure().getEncoded("DER");
        }
        if (AuthenticodeFiles.kindOf(Files.readAllBytes(signed)).orElseThrow() == AuthenticodeFiles.Kind.MSI) {
            try (POIFSFileSystem fs = new POIFSFileSystem(signed.toFile(), true)) {
                List<String> names = new ArrayList<>();
                fs.getRoot().getEntryNames().forEach(names::add);
                names.sort(null);
                parts.add("streams " + names);
            }
        }
        parts.addAll(signedData(signedData));
        return parts;
    }

    private static List<String> signedData(byte[] contentInfo) throws Exception {
        SignedData cms = SignedData.getInstance(ContentInfo.getInstance(new ASN1InputStream(contentInfo).readObject())
                .getContent());
        List<String> parts = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        parts.add("version " + cms.getVersion());
        parts.add("digest algorithms " + hex.formatHex(cms.getDigestAlgorithms().getEncoded("DER")));
        parts.add("content " + hex.formatHex(cms.getEncapContentInfo().getEncoded("DER")));
        parts.add("certificates " + hex.formatHex(cms.getCertificates().getEncoded("DER")));
        parts.add("crls " + cms.getCRLs());
        assertThat(cms.getSignerInfos().size()).isEqualTo(1);
        SignerInfo signer = SignerInfo.getInstance(cms.getSignerInfos().getObjectAt(0));
        parts.add("signer " + hex.formatHex(signer.getSID().getEncoded("DER")));
        parts.add("algorithms " + hex.formatHex(signer.getDigestAlgorithm().getEncoded("DER")) + " "
                + hex.formatHex(signer.getDigestEncryptionAlgorithm().getEncoded("DER")));
        parts.add("signed attributes "
                + hex.formatHex(signer.getAuthenticatedAttributes().getEncoded("DER")));
        parts.add("signature " + hex.formatHex(signer.getEncryptedDigest().getOctets()));
        List<String> unsigned = new ArrayList<>();
        for (var a : signer.getUnauthenticatedAttributes()) {
            unsigned.add(Attribute.getInstance(a).getAttrType().getId());
        }
        parts.add("unsigned attribute types " + unsigned);
        return parts;
    }
}
