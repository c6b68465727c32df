package dev.signet.server.service.revocation;

import dev.signet.core.revocation.RevocationList;
import dev.signet.server.ServerContext;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this server's verifiers trust, read fresh from the database on every call: the CA root and
 * the roots of imported certificate chains, the time-stamp authority's chain, the bindings of
 * imported signing certificates to profile versions, and the current revocation list (issued now,
 * next update {@link #NEXT_UPDATE} later). The online gate ({@code POST /v1/verify}) and the
 * exported trust bundle are both built from it, so online and offline verification agree.
 */
public final class TrustMaterial {
    /** How long an issued revocation list is current. */
    public static final java.time.Duration NEXT_UPDATE = java.time.Duration.ofDays(7);

    private TrustMaterial() {
        throw new UnsupportedOperationException("TODO revocation-server");
    }

    public static TrustMaterial from(ServerContext context) {
        throw new UnsupportedOperationException("TODO revocation-server");
    }

    public List<X509Certificate> trustedRoots() {
        throw new UnsupportedOperationException("TODO revocation-server");
    }

    public List<X509Certificate> timestampChain() {
        throw new UnsupportedOperationException("TODO revocation-server");
    }

    /** See {@link dev.signet.core.revocation.TrustBundle#certificateBindings()}. */
    public Map<String, Set<String>> certificateBindings() {
        throw new UnsupportedOperationException("TODO revocation-server");
    }

    /** Every revoked signature and profile version, as of the service clock's now. */
    public RevocationList revocationList() {
        throw new UnsupportedOperationException("TODO revocation-server");
    }

    /** {@link #revocationList()} signed by the CA ({@code SignedRevocationList}). */
    public byte[] signedRevocationList() {
        throw new UnsupportedOperationException("TODO revocation-server");
    }

    /** A signed trust bundle file ({@code TrustBundle.encode}) of all of the above. */
    public byte[] trustBundle() {
        throw new UnsupportedOperationException("TODO revocation-server");
    }
}
