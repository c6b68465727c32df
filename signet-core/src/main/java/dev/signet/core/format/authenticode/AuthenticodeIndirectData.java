package dev.signet.core.format.authenticode;

import dev.signet.core.crypto.Der;
import java.util.Arrays;
import net.jsign.DigestAlgorithm;
import net.jsign.asn1.authenticode.AuthenticodeObjectIdentifiers;
import net.jsign.asn1.authenticode.SpcAttributeTypeAndOptionalValue;
import net.jsign.asn1.authenticode.SpcIndirectDataContent;
import net.jsign.asn1.authenticode.SpcSipInfo;
import net.jsign.asn1.authenticode.SpcUuid;
import net.jsign.script.PowerShellScript;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/**
 * The SpcIndirectDataContent Signet signs for a kind of file and its Authenticode SHA-256 digest,
 * exactly as jsign builds it (so that a signature made from a digest is the one StartSigningJob
 * makes with jsign for the whole file): SpcPeImageData for a PE ({@link PeSignedData#indirectData}),
 * MSI's SpcSipInfo (version 1, {@code F1100C00-0000-0000-C000-000000000046}) for a Windows Installer
 * package, and PowerShell's SpcSipInfo, taken from jsign's {@code PowerShellScript}, for a script.
 * The caller chooses nothing but the kind and the 32 digest bytes.
 */
final class AuthenticodeIndirectData {
    /** The digest is the DER's last 32 bytes (the DigestInfo's OCTET STRING closes the structure). */
    private static final byte[] MSI = Der.of(new SpcIndirectDataContent(
            new SpcAttributeTypeAndOptionalValue(
                    AuthenticodeObjectIdentifiers.SPC_SIPINFO_OBJID,
                    new SpcSipInfo(1, new SpcUuid("F1100C00-0000-0000-C000-000000000046"))),
            new DigestInfo(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE), new byte[32])));

    private static final byte[] POWERSHELL = powerShellTemplate();

    private AuthenticodeIndirectData() {}

    /** The SpcIndirectDataContent (DER) for a file of {@code kind} whose Authenticode SHA-256 digest is {@code digest}. */
    static byte[] of(AuthenticodeFiles.Kind kind, byte[] digest) {
        if (digest.length != 32) {
            throw new IllegalArgumentException("not a SHA-256 digest");
        }
        byte[] template = switch (kind) {
            case PE -> PeSignedData.indirectData(digest);
            case MSI -> MSI.clone();
            case POWERSHELL -> POWERSHELL.clone();
        };
        System.arraycopy(digest, 0, template, template.length - 32, 32);
        return template;
    }

    /** The content octets of {@link #of}: what the messageDigest attribute covers, and what the SignedData encapsulates. */
    static byte[] content(AuthenticodeFiles.Kind kind, byte[] digest) {
        byte[] der = of(kind, digest);
        return Arrays.copyOfRange(der, PeSignedData.headerLength(der), der.length);
    }

    /** jsign's own SpcIndirectDataContent for a script, its digest (of the empty script) zeroed. */
    private static byte[] powerShellTemplate() {
        PowerShellScript script = new PowerShellScript();
        script.setContent("");
        byte[] der = Der.of(script.createIndirectData(DigestAlgorithm.SHA256));
        Arrays.fill(der, der.length - 32, der.length, (byte) 0);
        return der;
    }
}
