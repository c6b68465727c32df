package dev.signet.core.revocation;

import dev.signet.core.ca.Pem;
import dev.signet.core.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * Writes the committed revocation-list and trust-bundle (payload version 2) test vectors (not a
 * test; run by hand with {@code main} from the repository root). Keys are fresh and ECDSA
 * randomized, so each run gives a new, equally valid pair; {@code RevocationTestVectorTest} checks
 * whichever is committed. The version 1 bundle vector ({@code trust-bundle-v1}) was written by an
 * earlier version of this class and is kept as it is, to prove version 1 is still read.
 */
public final class RevocationTestVectorGenerator {
    static final String BOUND_CERTIFICATE = "5d".repeat(32);

    private RevocationTestVectorGenerator() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "signet-core/src/test/resources/vectors");
        Path work = Files.createTempDirectory("signet-vector");
        TestPki pki = new TestPki(work.resolve("signet"));
        TestPki customer = new TestPki(work.resolve("customer"));
        Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        RevocationList list = RevocationSamples.list(issuedAt, 2);
        byte[] signedList = SignedRevocationList.sign(list, pki.ca().issuingKey());
        String rootPem = Pem.encode(pki.root());

        Path listDir = Files.createDirectories(root.resolve("revocation-list"));
        Files.write(listDir.resolve("revocation-list.jws"), signedList);
        Files.writeString(listDir.resolve("root.pem"), rootPem, StandardCharsets.US_ASCII);
        Files.writeString(
                listDir.resolve("expected.properties"),
                "issuedAt=" + list.issuedAt() + "\nnextUpdate=" + list.nextUpdate()
                        + "\nsignatures=" + list.signatures().size()
                        + "\nfirstSignatureId=" + list.signatures().get(0).signatureId()
                        + "\nprofileVersions=" + list.profileVersions().size()
                        + "\nfirstProfileVersionArn="
                        + list.profileVersions().get(0).profileVersionArn()
                        + "\nfirstEffectiveFrom="
                        + list.profileVersions().get(0).effectiveFrom()
                        + "\nfirstSpared="
                        + String.join(",", list.profileVersions().get(0).spared()) + "\n");

        TrustBundle bundle = new TrustBundle(
                List.of(pki.root()),
                pki.tsa().chain(),
                list,
                signedList,
                List.of(new ImportedAnchor(
                        BOUND_CERTIFICATE, Set.of(RevocationSamples.ARN + "/Imported01"), List.of(customer.root()))),
                issuedAt);
        Path bundleDir = Files.createDirectories(root.resolve("trust-bundle"));
        Files.write(
                bundleDir.resolve("trust-bundle.jws"), bundle.encode(pki.ca().issuingKey()));
        Files.writeString(bundleDir.resolve("root.pem"), rootPem, StandardCharsets.US_ASCII);
        Files.writeString(
                bundleDir.resolve("imported-root.pem"), Pem.encode(customer.root()), StandardCharsets.US_ASCII);
        Files.writeString(
                bundleDir.resolve("expected.properties"),
                "version=2\ncreatedAt=" + issuedAt + "\nroots=1\ntimestampChain="
                        + pki.tsa().chain().size()
                        + "\nboundCertificate=" + BOUND_CERTIFICATE
                        + "\nboundProfileVersionArn=" + RevocationSamples.ARN + "/Imported01"
                        + "\nimportedRootSha256=" + ImportedAnchor.fingerprint(customer.root())
                        + "\nrevocationListIssuedAt=" + list.issuedAt() + "\n");
    }
}
