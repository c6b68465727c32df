package dev.signet.cli.ca;

import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of the CA's roots a pin vouches for: the pinned root, and every root that a cross
 * certificate signed by an already accepted root certifies (same subject, same key), repeated until
 * nothing changes. A forward cross certificate (root G signed by root G-1) carries trust from an
 * older root to a newer one, a reverse one (root G-1 signed by root G) from a newer to an older.
 * The server's word alone (the list of roots) adds nothing: a root no accepted root signed for is
 * refused.
 */
final class RootLinks {
    private RootLinks() {}

    /**
     * {@code roots} when every one is reachable from {@code pinned} through {@code cross}.
     *
     * @throws CliException INVALID naming the first root no accepted root vouches for
     */
    static List<X509Certificate> requireLinked(
            List<X509Certificate> roots, X509Certificate pinned, List<X509Certificate> cross) {
        Set<X509Certificate> accepted = new LinkedHashSet<>();
        accepted.add(pinned);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (X509Certificate root : roots) {
                if (!accepted.contains(root) && vouchedFor(root, accepted, cross)) {
                    accepted.add(root);
                    grew = true;
                }
            }
        }
        List<X509Certificate> unlinked = new ArrayList<>(roots);
        unlinked.removeAll(accepted);
        if (!unlinked.isEmpty()) {
            throw new CliException(
                    ExitCode.INVALID,
                    "the server's root "
                            + unlinked.get(0).getSubjectX500Principal().getName() + " (SHA-256 "
                            + RootFingerprint.of(unlinked.get(0)) + ") is not certified by the pinned root"
                            + " through a cross certificate from " + RootFetcher.CROSS_PATH
                            + ": refused, nothing written");
        }
        return roots;
    }

    private static boolean vouchedFor(
            X509Certificate root, Set<X509Certificate> accepted, List<X509Certificate> cross) {
        for (X509Certificate c : cross) {
            if (!c.getSubjectX500Principal().equals(root.getSubjectX500Principal())
                    || !c.getPublicKey().equals(root.getPublicKey())) {
                continue;
            }
            for (X509Certificate signer : accepted) {
                if (c.getIssuerX500Principal().equals(signer.getSubjectX500Principal()) && signedBy(c, signer)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate signer) {
        try {
            certificate.verify(signer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false; // a cross certificate some other key signed vouches for nothing
        }
    }
}
