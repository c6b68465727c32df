package dev.signet.cli.verify;

import dev.signet.cli.CliException;
import dev.signet.cli.LocalFiles;
import dev.signet.core.format.Subject;
import dev.signet.core.revocation.RevocationDataException;
import dev.signet.core.revocation.TrustBundle;
import dev.signet.core.verify.CodeSigningPolicy;
import dev.signet.core.verify.Decision;
import dev.signet.core.verify.DeployGate;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * {@code signet verify --csc policy.json --offline --trust-bundle BUNDLE}: the deploy gate run here,
 * with signet-core alone, trusting what the bundle carries (roots, time-stamp chain, revocation
 * list, imported certificates with their own roots). A bundle that cannot be read or trusted (any
 * changed byte, a signer outside its roots, a root other than the pinned ones) stops the command:
 * it never verifies against trust data it cannot vouch for.
 */
final class OfflineGate {
    static final int MAX_BUNDLE_BYTES = 64 << 20;

    private OfflineGate() {}

    /**
     * Decides on {@code artifact} (with {@code signature}, empty for embedded signatures).
     *
     * @param pinnedRoots when not empty, the bundle's first root (the Signet root) must be one of
     *     these
     * @throws CliException (usage) for an unreadable policy or an untrusted bundle; (internal) when
     *     Signet failed while verifying
     */
    static DecisionReport decide(
            Path artifact,
            byte[] signature,
            CodeSigningPolicy policy,
            Path bundleFile,
            List<X509Certificate> pinnedRoots,
            Clock clock) {
        TrustBundle bundle = load(bundleFile);
        if (!pinnedRoots.isEmpty() && !pinnedRoots.contains(bundle.roots().get(0))) {
            throw rejected("its root "
                    + bundle.roots().get(0).getSubjectX500Principal().getName() + " is not one of the --trust roots");
        }
        Decision decision =
                DeployGate.fromTrustBundle(bundle, policy, clock).decide(new Subject.File(artifact), signature);
        VerifyCommand.requireJudged(decision.result());
        return DecisionReport.of(decision, Optional.empty());
    }

    /** Reads and checks a trust bundle file; refuses it with a one-line reason (exit 2). */
    static TrustBundle load(Path bundleFile) {
        byte[] bytes;
        try {
            bytes = LocalFiles.readSmall(bundleFile, "trust bundle", MAX_BUNDLE_BYTES);
        } catch (CliException e) {
            throw rejected(e.getMessage());
        }
        try {
            return TrustBundle.parse(bytes);
        } catch (RevocationDataException e) {
            throw rejected(e.getMessage());
        }
    }

    private static CliException rejected(String reason) {
        return CliException.usage("trust bundle rejected: " + reason);
    }
}
